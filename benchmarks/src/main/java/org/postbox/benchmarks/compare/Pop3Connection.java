package org.postbox.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/** One client connection on the load generator's selector. */
final class Pop3Connection {

    private final LoadRun run;
    private final int slot;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final SSLContext tls;
    private final Conversation conversation;
    private final ReplyParser parser = new ReplyParser(this::reply);
    private final ByteBuffer out = ByteBuffer.allocate(16 * 1024).flip();
    private final long connectStarted = System.nanoTime();
    private Transport transport;
    private boolean greeted;
    private boolean closed;
    private boolean quitSent;
    private boolean established;

    Pop3Connection(LoadRun run, int slot, SocketChannel channel, SelectionKey key, SSLContext tls, Conversation conversation) {
        this.run = run;
        this.slot = slot;
        this.channel = channel;
        this.key = key;
        this.tls = tls;
        this.conversation = conversation;
    }

    int slot() {
        return slot;
    }

    LoadRun run() {
        return run;
    }

    /** When the connection was started: the beginning of a login, for modes that time logins. */
    long connectStarted() {
        return connectStarted;
    }

    /** The client has logged in; tells the run, once. */
    void established() {
        if (!established) {
            established = true;
            run.established();
        }
    }

    boolean isEstablished() {
        return established;
    }

    boolean quitSent() {
        return quitSent;
    }

    void connected() throws IOException {
        channel.finishConnect();
        if (tls == null) {
            transport = new PlainTransport(channel);
        } else {
            // No peer host and port: every connection does a full handshake, none resumes a session.
            SSLEngine engine = tls.createSSLEngine();
            engine.setUseClientMode(true);
            transport = new TlsTransport(channel, engine);
        }
        parser.expect(ReplyShape.SINGLE);
        key.interestOps(SelectionKey.OP_READ);
        flush();
    }

    void readable() throws IOException {
        ByteBuffer in = run.readBuffer();
        int n;
        do {
            in.clear(); // shared: whatever an earlier read, or one cut short by an exception, left in it
            n = transport.read(in);
            if (n > 0) {
                in.flip();
                parser.feed(in);
            }
            if (!closed) {
                flush();
            }
        } while (n > 0 && !closed);
        if (n < 0) {
            close();
        }
    }

    void writable() throws IOException {
        flush();
    }

    /** Queues one command line; it is sent when the current event has been handled. */
    void send(String command, ReplyShape shape) {
        byte[] line = (command + "\r\n").getBytes(StandardCharsets.US_ASCII);
        out.compact();
        out.put(line);
        out.flip();
        parser.expect(shape);
        if ("QUIT".equals(command)) {
            quitSent = true;
        }
    }

    void finish() {
        conversation.finish(this);
        try {
            flush();
        } catch (IOException e) {
            close();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        conversation.closed(this);
        run.closed(this);
    }

    private void flush() throws IOException {
        if (transport == null || closed) {
            return;
        }
        boolean done = transport.write(out);
        key.interestOps(done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    private void reply(Reply reply) {
        if (!greeted) {
            greeted = true;
            if (reply.ok()) {
                conversation.greeted(this);
            } else {
                run.failed(reply);
                send("QUIT", ReplyShape.SINGLE);
            }
            return;
        }
        conversation.replied(this, reply);
    }
}
