package io.jvswitch.control.appctl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a C printf format string from OVS's source into a regex that matches what it prints, whatever the
 * numbers: {@code %d %u %lu %llu %zu %5s %-16s %08x %.02f %5.1f %%}. Used to compare our rows with captured OVS
 * rows by the format that produced them.
 */
final class CFormat {
    private static final Pattern SPEC = Pattern.compile("%(-?)(0?)(\\d*)(?:\\.(\\d+))?(l{0,2}|z)?([duxsf%])");

    private CFormat() {
    }

    static Pattern regex(String format) {
        StringBuilder re = new StringBuilder("^");
        Matcher m = SPEC.matcher(format);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(format.substring(last, m.start())));
            last = m.end();
            boolean left = !m.group(1).isEmpty();
            int width = m.group(3).isEmpty() ? 0 : Integer.parseInt(m.group(3));
            String body = switch (m.group(6)) {
                case "d" -> "-?\\d+";
                case "u" -> "\\d+";
                case "x" -> "[0-9a-f]+";
                case "f" -> "-?\\d+\\." + "\\d".repeat(Integer.parseInt(m.group(4) == null ? "6" : m.group(4)));
                case "s" -> "\\S(?:.*?\\S)?";
                default -> "%";
            };
            if (m.group(6).equals("%")) {
                re.append('%');
            } else if (!m.group(2).isEmpty()) {
                re.append("(?=[0-9a-f]{").append(width).append(",})").append(body);
            } else if (width > 0) {
                re.append(left ? "(?=.{" + width + ",})" + body + " *" : " *" + body);
            } else {
                re.append(body);
            }
        }
        re.append(Pattern.quote(format.substring(last))).append('$');
        return Pattern.compile(re.toString());
    }

    static boolean matches(String format, String line) {
        return regex(format).matcher(line).matches();
    }
}
