package org.postbox.pop3.protocol.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyHeaderParserTest {

    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @Test
    void version1Tcp4() {
        String header = "PROXY TCP4 203.0.113.7 192.0.2.1 40000 110\r\n";
        ProxyHeaderResult result = parse(header + "USER alice\r\n");
        assertThat(result).isEqualTo(new ProxyHeaderResult.Complete(new ProxyHeader(1,
                Optional.of(address("203.0.113.7", 40000)), Optional.of(address("192.0.2.1", 110))), header.length()));
    }

    @Test
    void version1Tcp6() throws Exception {
        ProxyHeaderResult result = parse("PROXY TCP6 2001:db8::7 2001:db8::1 65535 995\r\n");
        ProxyHeader header = ((ProxyHeaderResult.Complete) result).header();
        assertThat(header.source()).contains(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 65535));
    }

    @Test
    void version1Unknown() {
        assertThat(parse("PROXY UNKNOWN\r\n")).isEqualTo(new ProxyHeaderResult.Complete(
                new ProxyHeader(1, Optional.empty(), Optional.empty()), 15));
        assertThat(parse("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n")).isInstanceOf(ProxyHeaderResult.Complete.class);
    }

    @Test
    void version1NeedsTheWholeLine() {
        String header = "PROXY TCP4 203.0.113.7 192.0.2.1 40000 110\r\n";
        for (int n = 0; n < header.length(); n++) {
            assertThat(parse(header.substring(0, n))).as("%d octets", n).isEqualTo(new ProxyHeaderResult.Incomplete());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "USER alice\r\n",
            "PROXY\r\n",
            "proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n",
            "PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n",
            "PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n",
            "PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n",
            "PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n",
            "PROXY TCP4 ::1 5.6.7.8 1 2\r\n",
            "PROXY TCP6 1.2.3.4 ::1 1 2\r\n",
            "PROXY TCP6 example.com ::1 1 2\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n",
            "PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n",
            "PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n"})
    void version1Refusals(String input) {
        assertThat(parse(input)).isInstanceOf(ProxyHeaderResult.Invalid.class);
    }

    @Test
    void version1IsAtMost107Octets() {
        String longest = "PROXY UNKNOWN " + "x".repeat(107 - 16) + "\r\n";
        assertThat(longest).hasSize(107);
        assertThat(parse(longest)).isInstanceOf(ProxyHeaderResult.Complete.class);
        assertThat(parse("PROXY UNKNOWN " + "x".repeat(107 - 15) + "\r\n")).isInstanceOf(ProxyHeaderResult.Invalid.class);
        assertThat(parse("PROXY UNKNOWN " + "x".repeat(200))).isInstanceOf(ProxyHeaderResult.Invalid.class);
    }

    @Test
    void version2Inet() {
        byte[] header = v2(0x21, 0x11, bytes(203, 0, 113, 7, 192, 0, 2, 1, 0x9c, 0x40, 0, 110));
        byte[] input = concat(header, "USER x\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ProxyHeaderParser.parse(input, input.length)).isEqualTo(new ProxyHeaderResult.Complete(new ProxyHeader(2,
                Optional.of(address("203.0.113.7", 40000)), Optional.of(address("192.0.2.1", 110))), 28));
    }

    @Test
    void version2Inet6WithExtensions() throws Exception {
        byte[] addresses = new byte[36 + 7];
        byte[] source = InetAddress.getByName("2001:db8::7").getAddress();
        System.arraycopy(source, 0, addresses, 0, 16);
        addresses[15 + 16] = 1;
        addresses[32] = (byte) 0xff;
        addresses[33] = (byte) 0xfe;
        addresses[35] = (byte) 110;
        // One NOOP extension of 4 octets, which the parser skips.
        addresses[36] = 0x04;
        addresses[38] = 4;
        byte[] header = v2(0x21, 0x21, addresses);
        ProxyHeaderResult result = ProxyHeaderParser.parse(header, header.length);
        assertThat(result).isInstanceOf(ProxyHeaderResult.Complete.class);
        ProxyHeaderResult.Complete complete = (ProxyHeaderResult.Complete) result;
        assertThat(complete.length()).isEqualTo(header.length);
        assertThat(complete.header().source()).contains(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 0xfffe));
    }

    @Test
    void version2LocalCarriesNoAddress() {
        byte[] header = v2(0x20, 0x00, new byte[0]);
        assertThat(ProxyHeaderParser.parse(header, header.length)).isEqualTo(new ProxyHeaderResult.Complete(
                new ProxyHeader(2, Optional.empty(), Optional.empty()), 16));
    }

    @Test
    void version2UnspecifiedAndUnixCarryNoAddress() {
        byte[] unspec = v2(0x21, 0x00, new byte[0]);
        byte[] unix = v2(0x21, 0x31, new byte[216]);
        assertThat(((ProxyHeaderResult.Complete) ProxyHeaderParser.parse(unspec, unspec.length)).header().source()).isEmpty();
        assertThat(((ProxyHeaderResult.Complete) ProxyHeaderParser.parse(unix, unix.length)).header().source()).isEmpty();
    }

    @Test
    void version2NeedsTheWholeHeader() {
        byte[] header = v2(0x21, 0x11, bytes(203, 0, 113, 7, 192, 0, 2, 1, 0x9c, 0x40, 0, 110));
        for (int n = 0; n < header.length; n++) {
            assertThat(ProxyHeaderParser.parse(Arrays.copyOf(header, n), n)).as("%d octets", n)
                    .isEqualTo(new ProxyHeaderResult.Incomplete());
        }
    }

    @Test
    void version2Refusals() {
        assertInvalid(v2(0x11, 0x11, new byte[12]));                 // version 1 in a version 2 header
        assertInvalid(v2(0x22, 0x11, new byte[12]));                 // unknown command
        assertInvalid(v2(0x21, 0x12, new byte[12]));                 // datagrams
        assertInvalid(v2(0x21, 0x11, new byte[11]));                 // too short for IPv4
        assertInvalid(v2(0x21, 0x21, new byte[35]));                 // too short for IPv6
        assertInvalid(v2(0x21, 0x31, new byte[215]));                // too short for UNIX
        assertInvalid(v2(0x21, 0x41, new byte[12]));                 // unknown family
        byte[] huge = Arrays.copyOf(SIGNATURE, 16);
        huge[12] = 0x21;
        huge[13] = 0x11;
        huge[14] = (byte) 0xff;
        huge[15] = (byte) 0xff;
        assertInvalid(huge);                                          // 64 KiB promised
        byte[] wrongSignature = v2(0x21, 0x11, new byte[12]);
        wrongSignature[7] = 'q';
        assertInvalid(wrongSignature);
    }

    private static void assertInvalid(byte[] input) {
        assertThat(ProxyHeaderParser.parse(input, input.length)).isInstanceOf(ProxyHeaderResult.Invalid.class);
    }

    static byte[] v2(int versionAndCommand, int familyAndTransport, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(versionAndCommand);
        out.write(familyAndTransport);
        out.write(rest.length >> 8);
        out.write(rest.length & 0xff);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static ProxyHeaderResult parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return ProxyHeaderParser.parse(bytes, bytes.length);
    }

    private static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
