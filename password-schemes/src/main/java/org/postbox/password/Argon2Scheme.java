package org.postbox.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * {@code ARGON2ID} and {@code ARGON2I} (RFC 9106) in the PHC string format that libsodium and
 * Dovecot write: {@code $argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>}, salt and hash in standard
 * base64 without padding.
 */
final class Argon2Scheme implements Scheme {
    /** Dovecot's defaults for new ARGON2ID hashes (libsodium's "moderate" limits). */
    static final int DEFAULT_MEMORY_KIB = 65_536;
    static final int DEFAULT_ITERATIONS = 3;
    static final int DEFAULT_PARALLELISM = 1;
    static final int SALT_LENGTH = 16;
    static final int HASH_LENGTH = 32;

    // A stored hash decides how much memory and time a login costs; these bounds keep a
    // mistyped or hostile value from exhausting the daemon. They are far above what Dovecot,
    // libsodium or the reference tool write by default.
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 1024;
    private static final int MAX_PARALLELISM = 255;
    private static final int MIN_SALT_LENGTH = 8;
    private static final int MIN_HASH_LENGTH = 4;
    private static final int MAX_HASH_LENGTH = 1024;

    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final String variant;
    private final int type;

    private Argon2Scheme(String variant, int type) {
        this.variant = variant;
        this.type = type;
    }

    static Argon2Scheme argon2id() {
        return new Argon2Scheme("argon2id", Argon2Parameters.ARGON2_id);
    }

    static Argon2Scheme argon2i() {
        return new Argon2Scheme("argon2i", Argon2Parameters.ARGON2_i);
    }

    @Override
    public boolean deliberatelySlow() {
        return true;
    }

    @Override
    public Encoding defaultEncoding() {
        return Encoding.NONE;
    }

    /** A new PHC string with Dovecot's default cost. */
    String encode(byte[] password, byte[] salt) {
        byte[] hash = derive(password, salt, Argon2Parameters.ARGON2_VERSION_13, DEFAULT_MEMORY_KIB,
                DEFAULT_ITERATIONS, DEFAULT_PARALLELISM, HASH_LENGTH);
        return "$" + variant + "$v=19$m=" + DEFAULT_MEMORY_KIB + ",t=" + DEFAULT_ITERATIONS + ",p="
                + DEFAULT_PARALLELISM + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
    }

    @Override
    public StoredPassword parse(String name, byte[] raw) {
        String[] fields = new String(raw, StandardCharsets.ISO_8859_1).split("\\$", -1);
        // "$argon2id$v=19$m=..,t=..,p=..$salt$hash"; the v= field is optional and then means 0x10.
        boolean versioned = fields.length > 2 && fields[2].startsWith("v=");
        if (fields.length != (versioned ? 6 : 5) || !fields[0].isEmpty()) {
            throw malformed(name, "expected $" + variant + "$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>");
        }
        if (!fields[1].equals(variant)) {
            throw malformed(name, "the PHC string names another algorithm; expected $" + variant + "$");
        }
        int next = 2;
        int version = versioned ? version(name, fields[next++]) : Argon2Parameters.ARGON2_VERSION_10;
        String[] costs = fields[next++].split(",", -1);
        if (costs.length != 3) {
            throw malformed(name, "expected the parameters m=<KiB>,t=<passes>,p=<lanes>");
        }
        int parallelism = cost(name, costs[2], "p", 1, MAX_PARALLELISM);
        int memory = cost(name, costs[0], "m", 8 * parallelism, MAX_MEMORY_KIB);
        int iterations = cost(name, costs[1], "t", 1, MAX_ITERATIONS);
        byte[] salt = base64(name, fields[next++], "salt");
        byte[] expected = base64(name, fields[next], "hash");
        if (salt.length < MIN_SALT_LENGTH) {
            throw malformed(name, "the salt has " + salt.length + " octets; at least " + MIN_SALT_LENGTH + " are required");
        }
        if (expected.length < MIN_HASH_LENGTH || expected.length > MAX_HASH_LENGTH) {
            throw malformed(name, "the hash has " + expected.length + " octets; expected " + MIN_HASH_LENGTH + " to "
                    + MAX_HASH_LENGTH);
        }
        int v = version;
        return password -> MessageDigest.isEqual(expected,
                derive(password, salt, v, memory, iterations, parallelism, expected.length));
    }

    private byte[] derive(byte[] password, byte[] salt, int version, int memoryKib, int iterations, int parallelism,
            int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(type)
                .withVersion(version)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static int version(String name, String field) {
        if (field.equals("v=19")) {
            return Argon2Parameters.ARGON2_VERSION_13;
        }
        if (field.equals("v=16")) {
            return Argon2Parameters.ARGON2_VERSION_10;
        }
        throw malformed(name, "unknown Argon2 version; expected v=19 or v=16");
    }

    private static int cost(String name, String field, String key, int min, int max) {
        String prefix = key + "=";
        if (!field.startsWith(prefix) || field.length() == prefix.length() || field.length() > prefix.length() + 10
                || !field.substring(prefix.length()).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed(name, "expected the parameters m=<KiB>,t=<passes>,p=<lanes> in this order");
        }
        long value = Long.parseLong(field.substring(prefix.length()));
        if (value < min || value > max) {
            throw malformed(name, key + "=" + value + " is outside " + min + ".." + max);
        }
        return (int) value;
    }

    private static byte[] base64(String name, String field, String what) {
        // PHC strings omit padding; a string with it is not what libsodium writes.
        if (field.isEmpty() || field.indexOf('=') >= 0) {
            throw malformed(name, "the " + what + " is not unpadded base64");
        }
        try {
            return Base64.getDecoder().decode(field);
        } catch (IllegalArgumentException e) {
            throw malformed(name, "the " + what + " is not unpadded base64");
        }
    }

    private static UnsupportedSchemeException malformed(String name, String problem) {
        return new UnsupportedSchemeException(name + ": " + problem);
    }
}
