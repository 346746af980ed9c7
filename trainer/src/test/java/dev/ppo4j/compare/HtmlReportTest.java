package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void isAStandaloneUtf8Page() {
        String html = HtmlReport.render("Report", "# Comparison\n", dir);
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
        String html = HtmlReport.render("Report", markdown, dir);
        assertTrue(html.contains("<table>"), html);
        assertTrue(html.contains("<th>variant</th>"), html);
        assertTrue(html.contains("<td class=\"num\">2,345.6 ± 120.3</td>"), html);
        assertTrue(html.contains("<td>n/a</td>"), html);
        assertTrue(html.contains("<td>baseline</td>"), html);
    }

    @Test
    void escapesRawHtmlAndTheTitle() {
        String html = HtmlReport.render("a <b> & \"c\"", "variant <script>alert(1)</script>\n\n<div>x</div>\n", dir);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<div>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"), html);
    }

    @Test
    void embedsTheImagesSoThePageIsOneFileAndDropsScriptLinks() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        Files.createDirectories(dir.resolve("curves"));
        Files.write(dir.resolve("curves/Hopper-v5.png"), png);
        String html = HtmlReport.render("Report",
                "![Hopper-v5](curves/Hopper-v5.png)\n\n[click](javascript:alert(1))\n", dir);
        assertTrue(html.contains("<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\" alt=\"Hopper-v5\""),
                html);
        assertFalse(html.contains("curves/"), html);
        assertFalse(html.contains("javascript:"), html);
    }

    @Test
    void leavesImagesOutsideTheReportsDirectoryAsLinks() {
        String html = HtmlReport.render("Report", "![x](../secret.png)\n\n![y](https://example.org/y.png)\n", dir);
        assertTrue(html.contains("src=\"../secret.png\"") && html.contains("src=\"https://example.org/y.png\""), html);
    }
}
