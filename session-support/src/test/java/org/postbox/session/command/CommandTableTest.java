package org.postbox.session.command;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postbox.session.command.ToyProtocol.Ask;
import org.postbox.session.command.ToyProtocol.Fetch;
import org.postbox.session.command.ToyProtocol.Hello;
import org.postbox.session.command.ToyProtocol.Input;
import org.postbox.session.command.ToyProtocol.Session;
import org.postbox.session.command.ToyProtocol.State;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTableTest {

    private static final ImmediateHandler<Input, Session, String> OK = (input, session) -> "250 ok";

    @Test
    void aRowCarriesItsStatesAndItsHandlerAndIsFoundByTheCommandsKind() {
        CommandTable<Input, State, Session, String> table = CommandTable.<Input, State, Session, String>builder()
                .row(Hello.class, ToyProtocol.GREETING, OK)
                .row(Fetch.class, EnumSet.of(State.READY, State.ASKED), OK)
                .build();

        assertThat(table.commands()).containsExactlyInAnyOrder(Hello.class, Fetch.class);
        assertThat(table.row(new Fetch(3)).orElseThrow().validIn()).containsExactlyInAnyOrder(State.READY, State.ASKED);
        assertThat(table.row(new Hello()).orElseThrow().handler()).isSameAs(OK);
        assertThat(table.row(new Ask())).isEmpty();
    }

    @Test
    void theStatesOfARowAreACopyThatCannotChange() {
        Set<State> states = EnumSet.of(State.READY);
        CommandTable<Input, State, Session, String> table = CommandTable.<Input, State, Session, String>builder()
                .row(Fetch.class, states, OK).build();
        states.add(State.GREETING);

        Set<State> validIn = table.row(new Fetch(1)).orElseThrow().validIn();
        assertThat(validIn).containsExactly(State.READY);
        assertThatThrownBy(() -> validIn.add(State.ASKED)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyARowMarkedSoDecidesHowReadingGoesOn() {
        CommandTable<Input, State, Session, String> table = CommandTable.<Input, State, Session, String>builder()
                .row(Hello.class, ToyProtocol.GREETING, OK)
                .row(Ask.class, ToyProtocol.READY, OK).decidesReading()
                .build();

        assertThat(table.decidesReading(new Ask())).isTrue();
        assertThat(table.decidesReading(new Hello())).isFalse();
        assertThat(table.decidesReading(new Fetch(1))).as("no row").isFalse();
        assertThat(table.row(new Ask()).orElseThrow().validIn()).containsExactly(State.READY);
    }

    @Test
    void aCommandHasOneRowValidInSomeState() {
        CommandTable.Builder<Input, State, Session, String> builder = CommandTable.<Input, State, Session, String>builder()
                .row(Hello.class, ToyProtocol.GREETING, OK);

        assertThatThrownBy(() -> builder.row(Hello.class, ToyProtocol.READY, OK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Hello");
        assertThatThrownBy(() -> builder.row(Fetch.class, EnumSet.noneOf(State.class), OK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Fetch");
        assertThatThrownBy(() -> CommandTable.<Input, State, Session, String>builder().decidesReading())
                .isInstanceOf(IllegalStateException.class);
    }
}
