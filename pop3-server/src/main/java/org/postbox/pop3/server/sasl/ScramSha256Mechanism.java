package org.postbox.pop3.server.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.Authenticator.Lookup;

/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding. The password never crosses the
 * connection and the server proves that it knows the credential too. Works for accounts stored
 * as {@code {SCRAM-SHA-256}} (Dovecot's form) or {@code {PLAIN}}; any other scheme, an unknown
 * user or a name that cannot be a mailbox gets a made-up salt that stays the same for that name,
 * and the proof then fails, so the exchange does not tell which names exist.
 *
 * <pre>
 * C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
 * S: + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
 * C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
 * S: + dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
 * C:
 * S: +OK user@example.com has 0 messages (0 octets)
 * </pre>
 */
final class ScramSha256Mechanism implements SaslMechanism {

    private static final int NONCE_OCTETS = 18;
    private static final int SALT_OCTETS = 16;

    private final SecureRandom random;
    private final NonceSource nonces;
    private final SecretKeySpec saltKey;

    /** Where server nonces come from; a seam so that tests can replay RFC 7677's example. */
    @FunctionalInterface
    interface NonceSource {
        String next();
    }

    ScramSha256Mechanism() {
        this.random = new SecureRandom();
        this.nonces = () -> {
            byte[] octets = new byte[NONCE_OCTETS];
            random.nextBytes(octets);
            return Base64.getEncoder().encodeToString(octets);
        };
        this.saltKey = newSaltKey(random);
    }

    ScramSha256Mechanism(NonceSource nonces) {
        this.random = new SecureRandom();
        this.nonces = nonces;
        this.saltKey = newSaltKey(random);
    }

    private static SecretKeySpec newSaltKey(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public String name() {
        return "SCRAM-SHA-256";
    }

    @Override
    public boolean sendsReusableSecret() {
        return false;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new Exchange(context);
    }

    /**
     * A salt for {@code name} that is the same every time within this process: used where the
     * account has none of its own (a {@code {PLAIN}} password, an unknown user).
     */
    byte[] saltFor(String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(saltKey);
            return Arrays.copyOf(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)), SALT_OCTETS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private enum Expecting { CLIENT_FIRST, CLIENT_FINAL, ACKNOWLEDGEMENT, NOTHING }

    private final class Exchange implements SaslExchange {
        private final SaslContext context;
        private Expecting expecting = Expecting.CLIENT_FIRST;
        private ScramMessages.ClientFirst first;
        private Optional<MailboxAddress> mailbox = Optional.empty();
        private ScramVerifier credential;
        private boolean genuine;
        private String nonce;
        private String serverFirst;

        Exchange(SaslContext context) {
            this.context = context;
        }

        @Override
        public CompletionStage<SaslStep> respond(byte[] response) {
            switch (expecting) {
                case CLIENT_FIRST:
                    return clientFirst(response);
                case CLIENT_FINAL:
                    return clientFinal(response);
                case ACKNOWLEDGEMENT:
                    expecting = Expecting.NOTHING;
                    // RFC 5034: the client answers the server's final message with an empty response.
                    return Steps.now(response.length == 0 ? new SaslStep.Authenticated(mailbox.orElseThrow())
                            : SaslStep.Failed.protocol("expected an empty response after the server signature"));
                default:
                    throw new IllegalStateException("the SCRAM exchange has ended");
            }
        }

        private CompletionStage<SaslStep> clientFirst(byte[] response) {
            Optional<ScramMessages.ClientFirst> parsed = Utf8.decode(response).flatMap(ScramMessages::clientFirst);
            if (parsed.isEmpty()) {
                return Steps.malformed("SCRAM-SHA-256");
            }
            first = parsed.get();
            if (first.authorizationId().isPresent() && !first.authorizationId().get().equals(first.user())) {
                return Steps.now(SaslStep.Failed.protocol("logging in as another user is not supported"));
            }
            mailbox = context.mailbox(first.user());
            if (mailbox.isEmpty()) {
                return Steps.now(serverFirst(madeUp(first.user())));
            }
            return context.lookUp(mailbox.get()).thenApplyAsync(this::afterLookUp, context.executor());
        }

        private SaslStep afterLookUp(Lookup lookup) {
            if (lookup instanceof Lookup.Unavailable unavailable) {
                return new SaslStep.Unavailable(unavailable.reason());
            }
            MailboxAddress address = mailbox.orElseThrow();
            if (lookup instanceof Lookup.Found found) {
                Optional<ScramVerifier> stored = found.secret().scramSha256(saltFor(address.toString()));
                if (stored.isPresent()) {
                    genuine = true;
                    return serverFirst(stored.get());
                }
            }
            return serverFirst(madeUp(address.toString()));
        }

        /** A credential nobody can prove: a random password under the name's steady salt. */
        private ScramVerifier madeUp(String name) {
            byte[] password = new byte[24];
            random.nextBytes(password);
            // Base64 is ASCII, which SASLprep leaves as it is.
            return ScramVerifier.derive(Base64.getEncoder().encodeToString(password), saltFor(name),
                    ScramVerifier.DEFAULT_ITERATIONS);
        }

        private SaslStep serverFirst(ScramVerifier chosen) {
            credential = chosen;
            nonce = first.nonce() + nonces.next();
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(chosen.salt()) + ",i="
                    + chosen.iterations();
            expecting = Expecting.CLIENT_FINAL;
            return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
        }

        private CompletionStage<SaslStep> clientFinal(byte[] response) {
            expecting = Expecting.NOTHING;
            Optional<ScramMessages.ClientFinal> parsed = Utf8.decode(response).flatMap(ScramMessages::clientFinal);
            if (parsed.isEmpty()) {
                return Steps.malformed("SCRAM-SHA-256");
            }
            ScramMessages.ClientFinal last = parsed.get();
            String binding = Base64.getEncoder().encodeToString(first.gs2Header().getBytes(StandardCharsets.UTF_8));
            if (!last.channelBinding().equals(binding) || !last.nonce().equals(nonce)) {
                return Steps.now(SaslStep.Failed.protocol("SCRAM nonce or channel binding does not match"));
            }
            byte[] authMessage = (first.bare() + "," + serverFirst + "," + last.withoutProof())
                    .getBytes(StandardCharsets.UTF_8);
            // Checked for made-up credentials too, so that the time taken does not tell them apart.
            boolean proofMatches = credential.verifies(authMessage, last.proof());
            boolean verified = genuine && proofMatches;
            return context.conclude(mailbox, verified, name()).thenApply(result -> {
                if (result instanceof AuthResult.Success) {
                    expecting = Expecting.ACKNOWLEDGEMENT;
                    String serverFinal = "v=" + Base64.getEncoder().encodeToString(credential.serverSignature(authMessage));
                    return new SaslStep.Challenge(serverFinal.getBytes(StandardCharsets.UTF_8));
                }
                return Steps.of(result);
            });
        }
    }
}
