package org.postbox.pop3.server.command;

import java.util.List;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.server.session.LoginState;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * {@code LANG [lang-range]} (RFC 6856 section 3). Postbox speaks English: {@code en}, and
 * {@code i-default}, the language of a server that was not asked for one, which is the same
 * English. A range matches a tag it equals or is a prefix of (RFC 4647 basic filtering);
 * {@code *} picks the default.
 *
 * <pre>
 * C: LANG
 * S: +OK language listing follows
 * S: en English
 * S: i-default Default language
 * S: .
 * C: LANG en
 * S: +OK en English
 * </pre>
 */
final class LangCommand implements ImmediateCommandHandler<Pop3Command.Lang> {

    private record Language(String tag, String description) {
        String line() {
            return tag + " " + description;
        }
    }

    private static final List<Language> LANGUAGES = List.of(
            new Language("en", "English"),
            new Language(LoginState.DEFAULT_LANGUAGE, "Default language"));

    @Override
    public Pop3Reply reply(Pop3Command.Lang command, Pop3Session session) {
        if (command.range().isEmpty()) {
            return Pop3Reply.Lines.of("language listing follows", LANGUAGES.stream().map(Language::line).toList());
        }
        String range = command.range().get();
        Language chosen = range.equals("*") ? LANGUAGES.get(1) : LANGUAGES.stream()
                .filter(language -> language.tag().equals(range) || language.tag().startsWith(range + "-"))
                .findFirst().orElse(null);
        if (chosen == null) {
            return Pop3Reply.Err.of(range + " is not a language this server speaks; LANG lists them");
        }
        session.login().language(chosen.tag());
        return new Pop3Reply.Ok(chosen.line());
    }
}
