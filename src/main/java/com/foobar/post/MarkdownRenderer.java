package com.foobar.post;


import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Post bodies to HTML. Markdown is rendered with raw HTML escaped and then cleaned against an allow-list, so
 * nothing a writer types can run script or style in a reader's browser. Plain text is escaped, with
 * paragraphs and line breaks kept.
 */
@Component
class MarkdownRenderer {

	private static final Safelist ALLOWED = Safelist.basic().addTags("h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre");

	/**
	 * How deep blocks (quotes, lists) and inline spans (emphasis, links) may nest; deeper markers stay text. A body of
	 * thousands of nested quotes, each indented by the stylesheet, pushed its post's text thousands of screens to
	 * the right, and browsers flatten trees past a few hundred levels. No real post nests this deep.
	 */
	static final int MAX_NESTING = 16;

	private final Parser parser = Parser.builder().maxOpenBlockParsers(MAX_NESTING).maxInlineNesting(MAX_NESTING).build();

	private final HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

	String render(String body, PostFormat format) {
		if (format == PostFormat.PLAIN) {
			StringBuilder html = new StringBuilder();
			for (String paragraph : body.strip().split("\\R\\s*\\R")) {
				html.append("<p>").append(HtmlUtils.htmlEscape(paragraph.strip()).replaceAll("\\R", "<br>")).append("</p>");
			}
			return html.toString();
		}
		String html = this.renderer.render(this.parser.parse(body));
		return Jsoup.clean(html, "", ALLOWED, new Document.OutputSettings().prettyPrint(false));
	}

}
