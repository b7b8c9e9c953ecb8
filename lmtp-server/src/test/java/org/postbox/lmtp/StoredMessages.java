package org.postbox.lmtp;

import java.nio.charset.StandardCharsets;

/** Reading back what LMTP stored. */
final class StoredMessages {

    /** The starts of the five lines Postbox puts in front of every copy, in order. */
    private static final String[] TRACE_LINES = {"Return-Path: <", "Delivered-To: ", "Received: from ", "\tby ", "\tfor <"};

    private StoredMessages() {
    }

    /** The message as the client sent it: the stored copy without the trace header lines. */
    static String withoutTraceHeaders(byte[] stored) {
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        return text.substring(traceLength(text));
    }

    /** The trace header lines in front of the message, with their CRLFs. */
    static String traceHeaders(byte[] stored) {
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        return text.substring(0, traceLength(text));
    }

    private static int traceLength(String text) {
        int position = 0;
        for (String start : TRACE_LINES) {
            if (!text.startsWith(start, position)) {
                throw new AssertionError("stored message lacks a line starting with '" + start.replace("\t", "\\t")
                        + "' at offset " + position + ": " + text.substring(0, Math.min(text.length(), 300)));
            }
            int end = text.indexOf("\r\n", position);
            if (end < 0) {
                throw new AssertionError("trace header line without CRLF: " + text.substring(position));
            }
            position = end + 2;
        }
        return position;
    }
}
