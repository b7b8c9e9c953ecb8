package org.postbox.pop3.server.sasl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The mechanisms a listener offers, built once from their names, in the order CAPA lists them. */
public final class SaslMechanisms {

    /** Every mechanism this package implements. */
    public static final List<String> SUPPORTED = List.of("PLAIN", "LOGIN", "SCRAM-SHA-256", "CRAM-MD5", "OAUTHBEARER",
            "XOAUTH2");

    private final List<SaslMechanism> mechanisms;

    private SaslMechanisms(List<SaslMechanism> mechanisms) {
        this.mechanisms = List.copyOf(mechanisms);
    }

    /**
     * @param names  mechanisms to offer, from {@link #SUPPORTED}
     * @param tokens how bearer tokens are checked; required for OAUTHBEARER and XOAUTH2
     */
    public static SaslMechanisms of(List<String> names, Optional<BearerTokenVerifier> tokens) {
        List<SaslMechanism> mechanisms = new ArrayList<>();
        for (String name : names) {
            switch (name.toUpperCase(Locale.ROOT)) {
                case "PLAIN" -> mechanisms.add(new PlainMechanism());
                case "LOGIN" -> mechanisms.add(new LoginMechanism());
                case "SCRAM-SHA-256" -> mechanisms.add(new ScramSha256Mechanism());
                case "CRAM-MD5" -> mechanisms.add(new CramMd5Mechanism());
                case "OAUTHBEARER" -> mechanisms.add(BearerTokenMechanism.oauthBearer(tokens.orElseThrow(() ->
                        new IllegalArgumentException("OAUTHBEARER needs a bearer token verifier"))));
                case "XOAUTH2" -> mechanisms.add(BearerTokenMechanism.xoauth2(tokens.orElseThrow(() ->
                        new IllegalArgumentException("XOAUTH2 needs a bearer token verifier"))));
                default -> throw new IllegalArgumentException("unknown SASL mechanism " + name + "; known: " + SUPPORTED);
            }
        }
        return new SaslMechanisms(mechanisms);
    }

    /**
     * PLAIN and LOGIN: what a listener offers unless configured otherwise. They work for a password
     * stored in any scheme; SCRAM-SHA-256 works only for mailboxes stored as {SCRAM-SHA-256} (or
     * {PLAIN}), so it is offered only when the operator lists it.
     */
    public static SaslMechanisms defaults() {
        return of(List.of("PLAIN", "LOGIN"), Optional.empty());
    }

    /** Exactly these mechanisms (tests). */
    public static SaslMechanisms of(List<SaslMechanism> mechanisms) {
        return new SaslMechanisms(mechanisms);
    }

    public List<SaslMechanism> all() {
        return mechanisms;
    }

    /** The mechanism called {@code name} (upper case), if offered. */
    public Optional<SaslMechanism> named(String name) {
        return mechanisms.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
