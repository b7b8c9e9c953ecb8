package org.postbox.migration.dovecot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The template syntax on its own; {@link MailLocationTest} and {@link DovecotPop3UidlsTest}
 * check it against what Dovecot itself made of templates.
 */
class VariableTemplateTest {

    private static final VariableTemplate.Variable USER = new VariableTemplate.Variable('u', "user");
    private static final VariableTemplate.Variable NUMBER = new VariableTemplate.Variable('v', "number");
    private static final VariableTemplate.Variable TEXT = new VariableTemplate.Variable('t', "text");
    private static final List<VariableTemplate.Variable> KNOWN = List.of(USER, NUMBER, TEXT);
    private static final Map<VariableTemplate.Variable, String> VALUES = Map.of(USER, "Alice@Example.com",
            NUMBER, "1796525401", TEXT, "a.b.c  \t");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "%u                | Alice@Example.com",
            "%{user}           | Alice@Example.com",
            "%Lu               | alice@example.com",
            "%L{user}          | alice@example.com",
            "%Uu               | ALICE@EXAMPLE.COM",
            "%08Xv             | 6b14cd59",
            "%012Xv            | 00006b14cd59",
            "%Xu               | 0",
            "%3u               | Ali",
            "%2.3u             | ice",
            "%-3.3u            | com",
            "%0.-4u            | Alice@Example",
            "%05u              | Alice@Example.com",
            "%Ru               | moc.elpmaxE@ecilA",
            "%Tt.              | a.b.c.",
            "%Dt               | \"a,dc=b,dc=c  \t\"",
            "%%%u%%            | %Alice@Example.com%",
            "x%vy              | x1796525401y",
            "%LRu              | moc.elpmaxe@ecila",
    })
    void expands(String template, String expected) throws IOException {
        assertThat(expand(template)).isEqualTo(expected);
    }

    @Test
    void escapeModifierBackslashesQuotes() throws IOException {
        VariableTemplate template = VariableTemplate.parse("%Eu", KNOWN);

        assertThat(template.expand(v -> "it's \"x\" \\")).isEqualTo("it\\'s \\\"x\\\" \\\\");
    }

    @Test
    void knowsWhichVariablesItUses() {
        VariableTemplate template = VariableTemplate.parse("%08Xv-%{user}%%", KNOWN);

        assertThat(template.variables()).containsExactlyInAnyOrder(NUMBER, USER);
        assertThat(template.uses(TEXT)).isFalse();
    }

    @Test
    void refusesWhatDovecotWouldExpandToNothingOrCannotBeKnown() {
        assertThatThrownBy(() -> VariableTemplate.parse("/m/%z", KNOWN))
                .hasMessageContaining("uses %z, which is not one of %u %{user}, %v %{number}, %t %{text}");
        assertThatThrownBy(() -> VariableTemplate.parse("/m/%{hostname}", KNOWN)).hasMessageContaining("uses %{hostname}");
        assertThatThrownBy(() -> VariableTemplate.parse("/m/%{env:HOME}", KNOWN)).hasMessageContaining("%{env:HOME}");
        assertThatThrownBy(() -> VariableTemplate.parse("/m/%08X", KNOWN)).hasMessageContaining("ends in the middle");
        assertThatThrownBy(() -> VariableTemplate.parse("/m/%{user", KNOWN)).hasMessageContaining("no closing '}'");
    }

    private static String expand(String template) throws IOException {
        return VariableTemplate.parse(template, KNOWN).expand(VALUES::get);
    }
}
