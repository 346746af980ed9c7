package dev.ppo4j.compare;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Turns the comparison's {@code report.md} into {@code report.html}: the same content as one
 * self-contained page, its curve images embedded as {@code data:} URIs, so that the file alone
 * can be mailed, attached or archived.
 */
final class HtmlReport {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();

    /**
     * A cell that holds one number, optionally with a unit-free {@code ± spread} or a percent sign,
     * such as {@code 2,345.6 ± 120.3}, {@code −12%} or {@code 1.2e-3}.
     */
    private static final Pattern NUMBER = Pattern.compile(
            "[+\\-\u2212]?\\d[\\d,]*(\\.\\d+)?([eE][+-]?\\d+)?%?"
            + "(\\s*(±|\\+/-)\\s*\\d[\\d,]*(\\.\\d+)?([eE][+-]?\\d+)?%?)?");

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   line-height: 1.5; color: #1f2328; background: #fff; max-width: 1100px;
                   margin: 2em auto; padding: 0 1em; }
            h1, h2, h3 { line-height: 1.25; }
            h1 { border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }
            h2 { border-bottom: 1px solid #eaeef2; padding-bottom: .2em; margin-top: 1.8em; }
            table { border-collapse: collapse; margin: 1em 0; display: block; overflow-x: auto; }
            th, td { border: 1px solid #d0d7de; padding: .35em .7em; }
            th { background: #f3f5f7; }
            tbody tr:nth-child(even) { background: #f8f9fa; }
            td { font-variant-numeric: tabular-nums; }
            th[align="right"], td[align="right"] { text-align: right; }
            th[align="center"], td[align="center"] { text-align: center; }
            img { max-width: 100%; height: auto; }
            code { background: #f3f5f7; padding: .1em .3em; border-radius: 3px; font-size: 90%; }
            pre { background: #f3f5f7; padding: .8em; overflow-x: auto; }
            pre code { background: none; padding: 0; }
            """;

    private HtmlReport() {}

    /**
     * Renders the report's Markdown as a self-contained HTML page.
     *
     * @param title the page's title, as plain text
     * @param markdown the report in CommonMark with GitHub tables; raw HTML in it is shown as text
     * @param directory the report's directory: PNG images at relative paths inside it are embedded
     * @return the whole HTML document
     * @throws ReportWriteException if an image to embed cannot be read
     */
    static String render(String title, String markdown, Path directory) {
        // Variant names and notes come from user files, so raw HTML is shown as text rather than run,
        // and link targets such as javascript: are neutralised.
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true)
                .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                    markNumericCell(node, attributes);
                    if (node instanceof Image) {
                        embedImage(directory, attributes);
                    }
                }).build();
        String body = renderer.render(PARSER.parse(markdown));
        return "<!DOCTYPE html>\n"
                + "<html lang=\"en\">\n"
                + "<head>\n"
                + "<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n"
                + "<style>\n" + STYLE + "</style>\n"
                + "</head>\n"
                + "<body>\n"
                + body
                + "</body>\n"
                + "</html>\n";
    }

    /**
     * Right-aligns numeric body cells even where the Markdown table did not ask for it, so the
     * digits of a column line up.
     */
    private static void markNumericCell(Node node, Map<String, String> attributes) {
        if (node instanceof TableCell cell && !cell.isHeader() && cell.getAlignment() == null
                && NUMBER.matcher(textOf(cell).strip()).matches()) {
            attributes.put("class", "num");
        }
    }

    /**
     * Replaces an image's {@code src} by a {@code data:} URI of the PNG it names, when that is a
     * relative path to a file inside {@code directory}; other sources are left as they are.
     */
    private static void embedImage(Path directory, Map<String, String> attributes) {
        URI source;
        try {
            source = new URI(attributes.getOrDefault("src", ""));
        } catch (URISyntaxException e) {
            return;
        }
        if (source.isAbsolute() || source.getPath() == null || !source.getPath().endsWith(".png")) {
            return;
        }
        Path root = directory.toAbsolutePath().normalize();
        Path image = root.resolve(source.getPath()).normalize();
        if (!image.startsWith(root) || !Files.isRegularFile(image)) {
            return;
        }
        try {
            attributes.put("src", "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(image)));
        } catch (IOException e) {
            throw new ReportWriteException(image, e);
        }
    }

    private static String textOf(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString();
    }

    /** Escapes text for an HTML element or a quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
