package org.postbox.session.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postbox.session.LogContext;
import org.postbox.session.command.ToyProtocol.Answer;
import org.postbox.session.command.ToyProtocol.Ask;
import org.postbox.session.command.ToyProtocol.Fetch;
import org.postbox.session.command.ToyProtocol.Garbled;
import org.postbox.session.command.ToyProtocol.Hello;
import org.postbox.session.command.ToyProtocol.Input;
import org.postbox.session.command.ToyProtocol.Rules;
import org.postbox.session.command.ToyProtocol.Session;
import org.postbox.session.command.ToyProtocol.State;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.session.command.ToyProtocol.ANY;
import static org.postbox.session.command.ToyProtocol.ASKED;
import static org.postbox.session.command.ToyProtocol.GREETING;
import static org.postbox.session.command.ToyProtocol.READY;

class DispatcherTest {

    private final Rules rules = new Rules();
    private final Session session = new Session();
    private final List<String> handled = new ArrayList<>();
    private final ExecutorService elsewhere = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        elsewhere.shutdownNow();
        assertThat(elsewhere.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private CommandTable.Builder<Input, State, Session, String> standardRows() {
        return CommandTable.<Input, State, Session, String>builder()
                .row(Hello.class, GREETING, (ImmediateHandler<Hello, Session, String>) (hello, s) -> {
                    handled.add("hello");
                    s.state = State.READY;
                    return "250 hello";
                })
                .row(Fetch.class, READY, (ImmediateHandler<Fetch, Session, String>) (fetch, s) -> {
                    handled.add("fetch " + fetch.number());
                    return fetch.number() == 1 ? "250 message 1" : "550 no such message";
                })
                .row(Ask.class, READY, (ImmediateHandler<Ask, Session, String>) (ask, s) -> {
                    s.state = State.ASKED;
                    return "334 what?";
                })
                .row(Answer.class, ASKED, (ImmediateHandler<Answer, Session, String>) (answer, s) -> {
                    handled.add("answer " + answer.text());
                    s.state = State.READY;
                    return "250 thanks";
                });
    }

    private Dispatcher<Input, Input, State, Session, String> dispatcher() {
        return new Dispatcher<>(standardRows().build(), rules);
    }

    private String reply(Dispatcher<Input, Input, State, Session, String> dispatcher, Input input) {
        CompletableFuture<String> reply = dispatcher.dispatch(input, session).toCompletableFuture();
        assertThat(reply).as("an immediate handler's reply is there at once").isDone();
        return reply.join();
    }

    @Test
    void aCommandIsHandledOnlyInTheStatesOfItsRow() {
        Dispatcher<Input, Input, State, Session, String> dispatcher = dispatcher();

        assertThat(reply(dispatcher, new Fetch(1))).isEqualTo("503 Fetch not in GREETING");
        assertThat(handled).as("the handler never saw it").isEmpty();
        assertThat(reply(dispatcher, new Hello())).isEqualTo("250 hello");
        assertThat(reply(dispatcher, new Fetch(1))).isEqualTo("250 message 1");
        assertThat(reply(dispatcher, new Hello())).isEqualTo("503 Hello not in READY");
        assertThat(handled).containsExactly("hello", "fetch 1");
        assertThat(session.counts().commands()).isEqualTo(4);
        assertThat(session.counts().badCommands()).isEqualTo(2);
    }

    @Test
    void onlySyntaxErrorsAndWrongStatesCountTowardsTheLimitNotAHandlersRefusal() {
        Dispatcher<Input, Input, State, Session, String> dispatcher = dispatcher();
        reply(dispatcher, new Hello());

        assertThat(reply(dispatcher, new Garbled("unknown command"))).isEqualTo("500 unknown command");
        for (int i = 0; i < 5; i++) {
            assertThat(reply(dispatcher, new Fetch(9))).isEqualTo("550 no such message");
        }
        assertThat(reply(dispatcher, new Hello())).isEqualTo("503 Hello not in READY");
        assertThat(session.closeReason).as("two bad commands are allowed").isNull();

        assertThat(reply(dispatcher, new Garbled("unknown command"))).isEqualTo("421 too many bad commands");
        assertThat(session.closeReason).isEqualTo("bad_commands");
        assertThat(session.counts().badCommands()).isEqualTo(3);
        assertThat(session.counts().commands()).isEqualTo(9);
    }

    @Test
    void theLimitIsTheSessionsAndZeroEndsItAtTheFirstBadCommand() {
        assertThatThrownBy(() -> new CommandCounts(-1)).isInstanceOf(IllegalArgumentException.class);
        CommandCounts strict = new CommandCounts(0);
        assertThat(strict.countBadCommand()).isTrue();
        CommandCounts lenient = new CommandCounts(1);
        assertThat(lenient.countBadCommand()).isFalse();
        assertThat(lenient.countBadCommand()).isTrue();
        assertThat(lenient.badCommands()).isEqualTo(2);
    }

    @Test
    void aSubStateTakesOnlyItsOwnRowsAndTheProtocolMayLeaveItBeforeTheLookUp() {
        Dispatcher<Input, Input, State, Session, String> dispatcher = dispatcher();
        reply(dispatcher, new Hello());

        assertThat(reply(dispatcher, new Ask())).isEqualTo("334 what?");
        assertThat(reply(dispatcher, new Answer("42"))).isEqualTo("250 thanks");
        assertThat(reply(dispatcher, new Answer("late"))).as("no question waits").isEqualTo("503 Answer not in READY");

        reply(dispatcher, new Ask());
        assertThat(reply(dispatcher, new Fetch(1))).as("a command breaks the question off").isEqualTo("250 message 1");
        assertThat(session.state()).isEqualTo(State.READY);
        assertThat(handled).containsExactly("hello", "answer 42", "fetch 1");
    }

    @Test
    void aThrownFailureBecomesTheProtocolsReplyInTheLogContext() {
        Dispatcher<Input, Input, State, Session, String> dispatcher = new Dispatcher<>(
                CommandTable.<Input, State, Session, String>builder()
                        .row(Hello.class, ANY, (hello, s) -> {
                            handled.add(MDC.get(LogContext.SESSION_KEY));
                            throw new IllegalStateException("a bug");
                        })
                        .build(),
                rules);

        assertThat(reply(dispatcher, new Hello())).isEqualTo("451 internal error");
        assertThat(handled).as("the handler ran in the session's log context").containsExactly("toy-1");
        assertThat(rules.failures).containsExactly("IllegalStateException: a bug");
        assertThat(rules.mdcAtFailure).containsExactly("toy-1");
        assertThat(session.closeReason).isEqualTo("error");
        assertThat(session.counts().badCommands()).as("a failure is not the client's fault").isZero();
        assertThat(MDC.get(LogContext.SESSION_KEY)).as("the caller's MDC is restored").isNull();
    }

    @Test
    void aStageFailingOnAnotherThreadIsMappedAndTimedThereInTheLogContext() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        Dispatcher<Input, Input, State, Session, String> dispatcher = new Dispatcher<>(
                CommandTable.<Input, State, Session, String>builder().row(Hello.class, ANY, (hello, s) -> pending).build(),
                rules);

        long before = System.nanoTime();
        CompletableFuture<String> reply = dispatcher.dispatch(new Hello(), session).toCompletableFuture();
        assertThat(reply).isNotDone();
        elsewhere.execute(() -> pending.completeExceptionally(new IllegalArgumentException("lost")));
        assertThat(reply.join()).isEqualTo("451 internal error");
        long elapsed = System.nanoTime() - before;

        assertThat(rules.failures).containsExactly("IllegalArgumentException: lost");
        assertThat(rules.mdcAtFailure).as("mapped on the completing thread, with the session's entries")
                .containsExactly("toy-1");
        assertThat(rules.mdcAtAnswered).containsExactly("toy-1");
        assertThat(rules.answered).containsExactly("Hello -> 451 internal error");
        assertThat(rules.nanos).singleElement().satisfies(nanos -> assertThat(nanos).isPositive().isLessThanOrEqualTo(elapsed));
    }

    @Test
    void everyInputIsTimedOnceWithTheReplyItGot() {
        Dispatcher<Input, Input, State, Session, String> dispatcher = dispatcher();

        reply(dispatcher, new Fetch(1));
        reply(dispatcher, new Hello());
        reply(dispatcher, new Garbled("no such command"));
        reply(dispatcher, new Fetch(2));
        assertThat(rules.answered).containsExactly("Fetch -> 503 Fetch not in GREETING", "Hello -> 250 hello",
                "Garbled -> 500 no such command", "Fetch -> 550 no such message");
        assertThat(rules.nanos).hasSize(4).allSatisfy(nanos -> assertThat(nanos).isNotNegative());
        assertThat(rules.mdcAtAnswered).containsOnly("toy-1");
    }

    @Test
    void aCommandWithoutARowIsAWiringDefectNotABadCommand() {
        Dispatcher<Input, Input, State, Session, String> dispatcher = new Dispatcher<>(
                CommandTable.<Input, State, Session, String>builder().build(), rules);

        assertThat(reply(dispatcher, new Hello())).isEqualTo("451 internal error");
        assertThat(rules.failures).containsExactly("IllegalStateException: no handler for Hello");
        assertThat(session.counts().badCommands()).isZero();
    }

    @Test
    void aHandlerThatAnswersNullIsADefect() {
        Dispatcher<Input, Input, State, Session, String> dispatcher = new Dispatcher<>(
                CommandTable.<Input, State, Session, String>builder().row(Hello.class, ANY, (hello, s) -> null).build(),
                rules);

        assertThat(reply(dispatcher, new Hello())).isEqualTo("451 internal error");
        assertThat(rules.failures).singleElement().asString().startsWith("NullPointerException");
    }
}
