package org.postbox.session.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.postbox.session.LogContext;
import org.slf4j.MDC;

/**
 * A protocol just big enough to drive the {@link Dispatcher}: replies are strings, a session has
 * a greeting state, a ready state and a sub-state of it that takes only answers to a question.
 */
final class ToyProtocol {

    enum State { GREETING, READY, ASKED }

    static final Set<State> GREETING = EnumSet.of(State.GREETING);
    static final Set<State> READY = EnumSet.of(State.READY);
    static final Set<State> ASKED = EnumSet.of(State.ASKED);
    static final Set<State> ANY = EnumSet.of(State.GREETING, State.READY);

    /** What the toy decoder yields. */
    sealed interface Input permits Hello, Fetch, Ask, Answer, Garbled {
    }

    record Hello() implements Input {
    }

    /** Refused by its handler when {@code number} is not 1: a refusal, not a bad command. */
    record Fetch(int number) implements Input {
    }

    /** Enters the ASKED sub-state. */
    record Ask() implements Input {
    }

    record Answer(String text) implements Input {
    }

    record Garbled(String why) implements Input {
    }

    static final class Session implements CommandSession<State> {
        State state = State.GREETING;
        final CommandCounts counts = new CommandCounts(2);
        final LogContext logContext = new LogContext("toy-1", "[::1]:4000");
        String closeReason;

        @Override
        public State state() {
            return state;
        }

        @Override
        public CommandCounts counts() {
            return counts;
        }

        @Override
        public LogContext logContext() {
            return logContext;
        }
    }

    /** Records what the dispatcher told it and the MDC session entry each time. */
    static final class Rules implements ProtocolRules<Input, Input, State, Session, String> {
        final List<String> failures = new ArrayList<>();
        final List<String> answered = new ArrayList<>();
        final List<Long> nanos = new ArrayList<>();
        final List<String> mdcAtFailure = new ArrayList<>();
        final List<String> mdcAtAnswered = new ArrayList<>();

        @Override
        public Interpretation<Input, String> interpret(Input input, Session session) {
            if (session.state == State.ASKED && !(input instanceof Answer)) {
                // Anything but an answer breaks the question off, and counts in the parent state.
                session.state = State.READY;
            }
            if (input instanceof Garbled garbled) {
                return Interpretation.syntaxError("500 " + garbled.why());
            }
            return Interpretation.command(input);
        }

        @Override
        public String wrongState(Input command, State state, Session session) {
            return "503 " + command.getClass().getSimpleName() + " not in " + state;
        }

        @Override
        public String tooManyBadCommands(Session session) {
            session.closeReason = "bad_commands";
            return "421 too many bad commands";
        }

        @Override
        public String failure(Throwable failure, Session session) {
            mdcAtFailure.add(MDC.get(LogContext.SESSION_KEY));
            failures.add(failure.getClass().getSimpleName() + ": " + failure.getMessage());
            session.closeReason = "error";
            return "451 internal error";
        }

        @Override
        public void answered(Input input, Session session, String reply, long nanos) {
            mdcAtAnswered.add(MDC.get(LogContext.SESSION_KEY));
            answered.add(input.getClass().getSimpleName() + " -> " + reply);
            this.nanos.add(nanos);
        }
    }

    private ToyProtocol() {
    }
}
