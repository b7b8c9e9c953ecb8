package org.postbox.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a POP3 server lists for a maildrop: one line {@code <number> <uidl> <size>} per message, from
 * its UIDL and LIST answers. Taken from the old server and from Postbox, the two must be equal:
 * same UIDLs, same order, same sizes.
 */
final class Pop3Listing {

    private Pop3Listing() {
    }

    static Map<String, List<String>> of(int port, List<Account> accounts) {
        Map<String, List<String>> listings = new LinkedHashMap<>();
        for (Account account : accounts) {
            listings.put(account.address(), of(port, account));
        }
        return listings;
    }

    /** The UIDLs of {@code listings} (by address, as {@link #of(int, List)} gives them), in message-number order. */
    static Map<Account, List<String>> uidls(Map<String, List<String>> listings, List<Account> accounts) {
        Map<Account, List<String>> uidls = new LinkedHashMap<>();
        for (Account account : accounts) {
            uidls.put(account, listings.get(account.address()).stream().map(line -> line.split(" ")[1]).toList());
        }
        return uidls;
    }

    static List<String> of(int port, Account account) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Loopback.HOST, port), 60_000);
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            ok(in.readLine(), "greeting");
            ok(command(in, out, "USER " + account.address()), "USER");
            ok(command(in, out, "PASS " + account.password()), "PASS for " + account);
            List<String> uidls = multiLine(in, command(in, out, "UIDL"), "UIDL");
            List<String> sizes = multiLine(in, command(in, out, "LIST"), "LIST");
            command(in, out, "QUIT");
            List<String> listing = new ArrayList<>();
            for (int i = 0; i < uidls.size(); i++) {
                String[] uidl = uidls.get(i).split(" ", 2);
                String[] size = sizes.get(i).split(" ", 2);
                if (!uidl[0].equals(size[0])) {
                    throw new AssertionError("UIDL and LIST disagree for " + account + ": " + uidls + " / " + sizes);
                }
                listing.add(uidl[0] + " " + uidl[1] + " " + size[1]);
            }
            return listing;
        } catch (IOException e) {
            throw new UncheckedIOException("POP3 listing of " + account + " on port " + port + " failed", e);
        }
    }

    private static String command(BufferedReader in, OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return in.readLine();
    }

    private static List<String> multiLine(BufferedReader in, String status, String what) throws IOException {
        ok(status, what);
        List<String> lines = new ArrayList<>();
        String line;
        while (!(line = in.readLine()).equals(".")) {
            lines.add(line);
        }
        return lines;
    }

    private static void ok(String status, String what) {
        if (status == null || !status.startsWith("+OK")) {
            throw new AssertionError(what + ": " + status);
        }
    }
}
