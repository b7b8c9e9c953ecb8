package org.postbox.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postbox.config.AdminConfig;
import org.postbox.config.CertificateConfig;
import org.postbox.config.ConfigException;
import org.postbox.config.PostboxConfig;
import picocli.CommandLine.Option;

/**
 * How {@code who}, {@code kick} and {@code reload} reach the running daemon: its admin API's URL
 * (from the configuration's {@code admin.listen}, https when {@code admin.tls} is set, or
 * {@code --url}), the certificates trusted for https ({@code --cacert}, else those {@code admin.tls}
 * names) and an admin token ({@code --token-file}, else {@code $POSTBOX_ADMIN_TOKEN}).
 */
final class DaemonOptions {
    static final String TOKEN_VARIABLE = "POSTBOX_ADMIN_TOKEN";

    @Option(names = "--url", paramLabel = "URL",
            description = "The daemon's admin API, e.g. http://127.0.0.1:9111. Default: from admin.listen of the "
                    + "configuration file.")
    private URI url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file whose first line is an admin token (postbox admin-token create). Default: $"
                    + TOKEN_VARIABLE + ".")
    private Path tokenFile;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "For https: PEM certificates to trust, the admin certificate itself (self-signed) or its "
                    + "CA; only these. Default: the certificate file admin.tls names, when it can be read, and the "
                    + "JDK's trusted CAs.")
    private Path cacert;

    /** The client of the daemon the options and the configuration name. */
    DaemonClient client(CommandContext context) {
        // With --url the configuration is optional: it may still name the certificate to trust.
        Optional<PostboxConfig> config = url == null ? Optional.of(context.config()) : configIfUsable(context);
        URI base = url != null ? url() : URI.create(admin(config.get(), context).url());
        String token = token(context);
        Optional<AdminApiTrust> trust = base.getScheme().equals("https") ? Optional.of(trust(config)) : Optional.empty();
        return new DaemonClient(base, token, trust);
    }

    private URI url() {
        if (url.getScheme() == null || !List.of("http", "https").contains(url.getScheme()) || url.getHost() == null) {
            throw new CommandFailure(ExitCodes.USAGE, "--url " + url + ": expected http://HOST:PORT or https://HOST:PORT");
        }
        return url;
    }

    private static AdminConfig admin(PostboxConfig config, CommandContext context) {
        return config.admin().orElseThrow(() -> new CommandFailure(ExitCodes.CONFIG,
                context.options().configOrigin() + ": no admin: section, so postboxd has no admin API to ask; add "
                        + "one (admin: listen: 127.0.0.1:9111) and restart it, or give --url"));
    }

    private static Optional<PostboxConfig> configIfUsable(CommandContext context) {
        try {
            return Optional.of(context.config());
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code --cacert}, else the certificates of {@code admin.tls} with the JDK's CAs: the usual
     * admin certificate is self-signed, and whoever may read the daemon's files may trust them.
     */
    private AdminApiTrust trust(Optional<PostboxConfig> config) {
        if (cacert != null) {
            return AdminApiTrust.only(AdminApiTrust.cacert(cacert), "--cacert " + cacert);
        }
        List<Path> files = config.flatMap(PostboxConfig::admin).flatMap(AdminConfig::tls)
                .map(tls -> tls.certificates().stream().map(CertificateConfig::certificate).toList())
                .orElse(List.of());
        List<X509Certificate> certificates = new ArrayList<>();
        List<Path> read = new ArrayList<>();
        for (Path file : files) {
            try {
                certificates.addAll(AdminApiTrust.readPem(file));
                read.add(file);
            } catch (IOException | CertificateException e) {
                // Not readable by this user, say: the JDK's CAs may still do (a public certificate),
                // and a refused handshake says to give --cacert.
            }
        }
        return certificates.isEmpty() ? AdminApiTrust.defaults()
                : AdminApiTrust.defaultsAnd(certificates, "the certificate of admin.tls (" + read.stream()
                        .map(Path::toString).collect(Collectors.joining(", ")) + ")");
    }

    private String token(CommandContext context) {
        Optional<String> token;
        if (tokenFile != null) {
            try {
                token = Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream().findFirst().map(String::strip);
            } catch (NoSuchFileException e) {
                throw new CommandFailure(ExitCodes.NO_INPUT, "--token-file " + tokenFile + ": no such file");
            } catch (IOException e) {
                throw new CommandFailure(ExitCodes.NO_INPUT, "--token-file " + tokenFile + ": " + e.getMessage(), e);
            }
        } else {
            token = Optional.ofNullable(context.environment().get(TOKEN_VARIABLE)).map(String::strip);
        }
        return token.filter(t -> !t.isEmpty()).orElseThrow(() -> new CommandFailure(ExitCodes.NO_PERMISSION,
                "no admin token: give --token-file FILE or set " + TOKEN_VARIABLE + " (make one with: postbox "
                        + "admin-token create NAME)"));
    }
}
