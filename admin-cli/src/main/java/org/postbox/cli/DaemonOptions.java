package org.postbox.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.postbox.config.AdminConfig;
import org.postbox.config.PostboxConfig;
import picocli.CommandLine.Option;

/**
 * How {@code who}, {@code kick} and {@code reload} reach the running daemon: its admin API's URL
 * (from the configuration's {@code admin.listen}, https when {@code admin.tls} is set, or
 * {@code --url}) and an admin token ({@code --token-file}, else {@code $POSTBOX_ADMIN_TOKEN}).
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

    /** The client of the daemon the options and the configuration name. */
    DaemonClient client(CommandContext context) {
        return new DaemonClient(base(context), token(context));
    }

    private URI base(CommandContext context) {
        if (url != null) {
            if (url.getScheme() == null || !List.of("http", "https").contains(url.getScheme()) || url.getHost() == null) {
                throw new CommandFailure(ExitCodes.USAGE, "--url " + url + ": expected http://HOST:PORT or https://HOST:PORT");
            }
            return url;
        }
        PostboxConfig config = context.config();
        AdminConfig admin = config.admin().orElseThrow(() -> new CommandFailure(ExitCodes.CONFIG,
                context.options().configOrigin() + ": no admin: section, so postboxd has no admin API to ask; add "
                        + "one (admin: listen: 127.0.0.1:9111) and restart it, or give --url"));
        return URI.create(admin.url());
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
