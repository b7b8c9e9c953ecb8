package org.postbox.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * A value the user meant as a parameter but which starts with '-', so picocli took it for an
 * option it does not know and then reported the parameter as missing ({@code postbox domain add
 * -a.test}: "Missing required parameter: 'DOMAIN'"), which hides what went wrong. This names the
 * argument and says how to pass it: after {@code --}, which ends the options.
 *
 * @param value    the argument, e.g. {@code -a.test}
 * @param label    the missing parameter's label, e.g. {@code DOMAIN}
 * @param command  the command as typed, e.g. {@code postbox domain add}
 * @param before   the parameters given before it, to show the whole command line to use
 */
record OptionLikeValue(String value, String label, String command, List<String> before) {

    /** The value behind {@code failure}, if it is a missing parameter and an unknown option was given. */
    static Optional<OptionLikeValue> behind(ParameterException failure) {
        if (!(failure instanceof MissingParameterException missing)) {
            return Optional.empty();
        }
        Optional<ArgSpec> parameter = missing.getMissing().stream().filter(ArgSpec::isPositional).findFirst();
        ParseResult parsed = failure.getCommandLine().getParseResult();
        if (parameter.isEmpty() || parsed == null) {
            return Optional.empty();
        }
        Optional<String> dashed = parsed.unmatched().stream()
                .filter(argument -> argument.length() > 1 && argument.startsWith("-") && !argument.equals("--"))
                .findFirst();
        List<String> before = new ArrayList<>();
        for (PositionalParamSpec given : parsed.matchedPositionals()) {
            before.addAll(given.originalStringValues());
        }
        return dashed.map(value -> new OptionLikeValue(value, parameter.get().paramLabel(),
                failure.getCommandLine().getCommandSpec().qualifiedName(), List.copyOf(before)));
    }

    String message() {
        String article = "AEIOU".indexOf(Character.toUpperCase(label.charAt(0))) >= 0 ? "an " : "a ";
        StringBuilder example = new StringBuilder(command);
        before.forEach(given -> example.append(' ').append(given));
        example.append(" -- ").append(value);
        return "'" + value + "' is taken as an option, and " + command + " has no such option; to pass " + article
                + label + " that starts with '-', put -- before it: " + example;
    }
}
