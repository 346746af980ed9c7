package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HtmlReportTest {
    @Test
    void isAStandaloneUtf8Page() {
        String html = HtmlReport.render("Report", "# Comparison\n");
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<meta charset=\"utf-8\">"), html);
        assertTrue(html.contains("<style>"), html);
        assertTrue(html.contains("<h1>Comparison</h1>"), html);
    }

    @Test
    void rendersGfmTablesAndRightAlignsNumbers() {
        String markdown = """
                | variant | return |
                |---------|--------|
                | baseline | 2,345.6 ± 120.3 |
                | no-clip | n/a |
                """;
        String html = HtmlReport.render("Report", markdown);
        assertTrue(html.contains("<table>"), html);
        assertTrue(html.contains("<th>variant</th>"), html);
        assertTrue(html.contains("<td class=\"num\">2,345.6 ± 120.3</td>"), html);
        assertTrue(html.contains("<td>n/a</td>"), html);
        assertTrue(html.contains("<td>baseline</td>"), html);
    }

    @Test
    void escapesRawHtmlAndTheTitle() {
        String html = HtmlReport.render("a <b> & \"c\"", "variant <script>alert(1)</script>\n\n<div>x</div>\n");
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<div>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"), html);
    }

    @Test
    void keepsImageLinksRelativeAndDropsScriptLinks() {
        String html = HtmlReport.render("Report",
                "![Hopper-v5](curves/Hopper-v5.png)\n\n[click](javascript:alert(1))\n");
        assertTrue(html.contains("<img src=\"curves/Hopper-v5.png\" alt=\"Hopper-v5\""), html);
        assertFalse(html.contains("javascript:"), html);
    }
}
