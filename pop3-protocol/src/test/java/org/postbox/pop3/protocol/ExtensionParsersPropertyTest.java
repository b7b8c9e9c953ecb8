package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.junit.jupiter.api.Test;
import org.postbox.pop3.protocol.proxy.ProxyHeader;
import org.postbox.pop3.protocol.proxy.ProxyHeaderParser;
import org.postbox.pop3.protocol.proxy.ProxyHeaderResult;

/**
 * Properties of the parsers added for SASL (RFC 5034), RFC 6856 and the PROXY protocol, over
 * seeded pseudo-random input (see {@link Trials}).
 */
class ExtensionParsersPropertyTest {

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    // ---- PROXY protocol ---------------------------------------------------------------------

    @Test
    void aWrittenHeaderIsReadBackWhateverFollowsIt() {
        Trials.forAll(1000, random -> {
            ProxyHeader header = randomHeader(random);
            byte[] written = write(header, random);
            byte[] input = concat(written, Trials.messageBytes(random, 64));
            ProxyHeaderResult result = ProxyHeaderParser.parse(input, input.length);
            assertThat(result).as(Trials.escape(written)).isEqualTo(new ProxyHeaderResult.Complete(header, written.length));
            for (int n = 0; n < written.length; n++) {
                assertThat(ProxyHeaderParser.parse(input, n)).as("prefix of %d", n).isEqualTo(new ProxyHeaderResult.Incomplete());
            }
        });
    }

    @Test
    void anyInputGetsAnAnswerThatMoreInputDoesNotContradict() {
        Trials.forAll(2000, random -> {
            byte[] input = proxyLikeInput(random);
            ProxyHeaderResult whole = ProxyHeaderParser.parse(input, input.length);
            if (whole instanceof ProxyHeaderResult.Incomplete) {
                assertThat(input.length).isLessThan(ProxyHeaderParser.MAX_LENGTH);
            }
            if (whole instanceof ProxyHeaderResult.Complete complete) {
                assertThat(complete.length()).isBetween(1, Math.min(input.length, ProxyHeaderParser.MAX_LENGTH));
            }
            // A decision taken on a prefix is never revised by what comes after it.
            int cut = random.nextInt(input.length + 1);
            ProxyHeaderResult early = ProxyHeaderParser.parse(input, cut);
            if (!(early instanceof ProxyHeaderResult.Incomplete)) {
                assertThat(whole).as(Trials.escape(input)).isEqualTo(early);
            }
        });
    }

    private static ProxyHeader randomHeader(Random random) {
        int version = 1 + random.nextInt(2);
        if (random.nextInt(6) == 0) {
            return new ProxyHeader(version, Optional.empty(), Optional.empty());
        }
        boolean ipv6 = random.nextBoolean();
        return new ProxyHeader(version, Optional.of(randomAddress(random, ipv6)), Optional.of(randomAddress(random, ipv6)));
    }

    private static InetSocketAddress randomAddress(Random random, boolean ipv6) {
        byte[] octets = new byte[ipv6 ? 16 : 4];
        random.nextBytes(octets);
        if (ipv6 && octets[0] == 0) {
            octets[0] = 0x20; // keep clear of ::ffff:a.b.c.d, which the JDK turns into IPv4
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(octets), random.nextInt(65_536));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] write(ProxyHeader header, Random random) {
        if (header.version() == 1) {
            if (header.source().isEmpty()) {
                return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
            }
            InetSocketAddress source = header.source().get();
            InetSocketAddress destination = header.destination().orElseThrow();
            String family = source.getAddress().getAddress().length == 4 ? "TCP4" : "TCP6";
            return ("PROXY " + family + " " + source.getAddress().getHostAddress() + " "
                    + destination.getAddress().getHostAddress() + " " + source.getPort() + " " + destination.getPort()
                    + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        if (header.source().isEmpty()) {
            out.write(0x20);
            out.write(0x00);
            byte[] ignored = new byte[random.nextInt(20)];
            random.nextBytes(ignored);
            out.write(0);
            out.write(ignored.length);
            out.writeBytes(ignored);
            return out.toByteArray();
        }
        byte[] source = header.source().get().getAddress().getAddress();
        byte[] destination = header.destination().orElseThrow().getAddress().getAddress();
        byte[] extensions = new byte[random.nextInt(3) == 0 ? random.nextInt(100) : 0];
        random.nextBytes(extensions);
        int length = 2 * source.length + 4 + extensions.length;
        out.write(0x21);
        out.write(source.length == 4 ? 0x11 : 0x21);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(source);
        out.writeBytes(destination);
        int sourcePort = header.source().get().getPort();
        int destinationPort = header.destination().get().getPort();
        out.write(sourcePort >> 8);
        out.write(sourcePort & 0xff);
        out.write(destinationPort >> 8);
        out.write(destinationPort & 0xff);
        out.writeBytes(extensions);
        return out.toByteArray();
    }

    /** Headers, mangled headers and garbage. */
    private static byte[] proxyLikeInput(Random random) {
        byte[] base = random.nextInt(5) == 0 ? Trials.messageBytes(random, 120) : write(randomHeader(random), random);
        byte[] input = Arrays.copyOf(base, base.length);
        int mutations = random.nextInt(4);
        for (int i = 0; i < mutations && input.length > 0; i++) {
            input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
        if (random.nextBoolean()) {
            input = Arrays.copyOf(input, random.nextInt(input.length + 1));
        }
        return input;
    }

    // ---- SASL responses and AUTH ------------------------------------------------------------

    @Test
    void anyOctetsSurviveTheBase64OfAResponse() {
        Trials.forAll(1000, random -> {
            byte[] data = Trials.messageBytes(random, 200);
            String line = Base64.getEncoder().encodeToString(data);
            SaslResponse response = SaslResponse.parse(line);
            assertThat(response).isInstanceOf(SaslResponse.Data.class);
            assertThat(((SaslResponse.Data) response).data()).isEqualTo(data);
            Pop3Request auth = CommandParser.parse("AUTH x-" + random.nextInt(1000) + " " + (line.isEmpty() ? "=" : line));
            assertThat(auth).isInstanceOf(Pop3Command.Auth.class);
        });
    }

    @Test
    void dataIsOnlyEverTheCanonicalSpelling() {
        Trials.forAll(3000, random -> {
            String line = base64ish(random);
            SaslResponse response = SaslResponse.parse(line);
            assertThat(response.line()).isEqualTo(line);
            if (response instanceof SaslResponse.Data data) {
                String canonical = Base64.getEncoder().encodeToString(data.data());
                assertThat(line).isIn(canonical, "=");
            } else if (response instanceof SaslResponse.Cancel) {
                assertThat(line).isEqualTo("*");
            }
        });
    }

    private static String base64ish(Random random) {
        String alphabet = "ABCabc019+/=*= \t-_.";
        StringBuilder line = new StringBuilder();
        int length = Trials.length(random, 24);
        for (int i = 0; i < length; i++) {
            line.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return line.toString();
    }

    // ---- the decoder in and out of SASL mode ------------------------------------------------

    @Test
    void packetBoundariesDoNotChangeWhatIsDecodedAroundAuth() {
        Trials.forAll(500, random -> {
            byte[] input = authConversation(random);
            List<Integer> packets = new ArrayList<>();
            for (int left = input.length; left > 0; ) {
                int n = 1 + random.nextInt(Math.min(left, 30));
                packets.add(n);
                left -= n;
            }
            assertThat(decode(input, packets)).as(Trials.escape(input)).isEqualTo(decode(input, List.of(input.length)));
        });
    }

    private static byte[] authConversation(Random random) {
        String[] lines = {"AUTH PLAIN", "AUTH LOGIN dGVzdA==", "*", "", "STAT", "AGFsaWNlAHNlY3JldA==", "QUIT",
                "A".repeat(70), "AUTH", "dGVz", "NOOP"};
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(12);
        for (int i = 0; i < count; i++) {
            text.append(lines[random.nextInt(lines.length)]).append(random.nextInt(5) == 0 ? "\n" : "\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> decode(byte[] input, List<Integer> packetSizes) {
        ProtocolCodecSession session = new ProtocolCodecSession();
        Pop3Decoder decoder = new Pop3Decoder(40, 60);
        int offset = 0;
        try {
            for (int size : packetSizes) {
                decoder.decode(session, IoBuffer.wrap(Arrays.copyOfRange(input, offset, offset + size)),
                        session.getDecoderOutput());
                offset += size;
            }
            decoder.dispose(session);
        } catch (Exception e) {
            throw new AssertionError("decoder threw", e);
        }
        List<String> decoded = new ArrayList<>();
        for (Object request : session.getDecoderOutputQueue()) {
            // Data's toString hides the octets; its line tells decodings apart.
            decoded.add(request instanceof SaslResponse response ? request.getClass().getSimpleName() + ":" + response.line()
                    : request.toString());
        }
        return decoded;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
