package org.postbox.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** RFC 5952's canonical text form, section by section. */
class Rfc5952Test {

    private static String format(String literal) throws UnknownHostException {
        return Rfc5952.format(InetAddress.getByName(literal));
    }

    @Test
    void loopbackAndUnspecified() throws Exception {
        assertThat(format("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(format("0:0:0:0:0:0:0:0")).isEqualTo("::");
    }

    @Test
    void zeroRunsAtTheStartTheEndAndInTheMiddle() throws Exception {
        assertThat(format("0:0:0:0:0:0:0:7")).isEqualTo("::7");
        assertThat(format("2001:db8:0:0:0:0:0:0")).isEqualTo("2001:db8::");
        assertThat(format("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
        assertThat(format("fe80:0:0:0:1:2:3:4")).isEqualTo("fe80::1:2:3:4");
    }

    @Test
    void theLongestRunIsShortenedAndOfEqualRunsTheFirst() throws Exception {
        // Section 4.2.3.
        assertThat(format("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(format("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void aSingleZeroGroupIsNotShortened() throws Exception {
        // Section 4.2.2.
        assertThat(format("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
    }

    @Test
    void lowerCaseWithoutLeadingZeros() throws Exception {
        // Sections 4.1 and 4.3.
        assertThat(format("2001:0DB8:00AB:000C:ABCD:EF00:0001:FFFF")).isEqualTo("2001:db8:ab:c:abcd:ef00:1:ffff");
    }

    @Test
    void ipv4MappedEndsInDottedDecimal() throws Exception {
        // Java turns ::ffff:a.b.c.d into an Inet4Address; built as an Inet6Address it stays one.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, (byte) 128};
        assertThat(Rfc5952.format(Inet6Address.getByAddress(null, mapped, -1))).isEqualTo("::ffff:192.0.2.128");
        assertThat(format("::ffff:192.0.2.128")).isEqualTo("192.0.2.128");
    }

    @Test
    void ipv4AsItIsAndTheZoneLeftOut() throws Exception {
        assertThat(format("203.0.113.7")).isEqualTo("203.0.113.7");
        byte[] linkLocal = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        assertThat(Rfc5952.format(Inet6Address.getByAddress(null, linkLocal, 3))).isEqualTo("fe80::1");
    }

    @Test
    void socketAddressesPutIpv6InBrackets() throws Exception {
        // Section 6.
        assertThat(Rfc5952.format(new InetSocketAddress("0:0:0:0:0:0:0:1", 110))).isEqualTo("[::1]:110");
        assertThat(Rfc5952.format(new InetSocketAddress("203.0.113.7", 110))).isEqualTo("203.0.113.7:110");
        assertThat(LogContext.describe(new InetSocketAddress("2001:db8:0:0:0:0:0:7", 40000)))
                .isEqualTo("[2001:db8::7]:40000");
    }
}
