package com.foobar.post;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownRendererTests {

	private final MarkdownRenderer renderer = new MarkdownRenderer();

	@Test
	void markdownBecomesHtml() {
		assertThat(this.renderer.render("# Title\n\nSome *emphasis* and `code`.", PostFormat.MARKDOWN))
			.contains("<h1>Title</h1>", "<em>emphasis</em>", "<code>code</code>");
	}

	@Test
	void rawHtmlAndScriptsAreEscapedNotRun() {
		String html = this.renderer.render("<script>alert(1)</script><img src=x onerror=alert(2)>", PostFormat.MARKDOWN);
		assertThat(html).doesNotContain("<script", "<img").contains("&lt;script&gt;", "&lt;img");
	}

	@Test
	void javascriptLinksLoseTheirTarget() {
		String html = this.renderer.render("[a](javascript:alert(1)) [b](https://example.com)", PostFormat.MARKDOWN);
		assertThat(html).doesNotContain("javascript:").contains("href=\"https://example.com\"");
	}

	@Test
	void plainTextKeepsParagraphsAndEscapes() {
		assertThat(this.renderer.render("one <b>\nline two\n\nsecond", PostFormat.PLAIN))
			.isEqualTo("<p>one &lt;b&gt;<br>line two</p><p>second</p>");
	}

	@Test
	void nestingStopsAtALimitAndTheRestStaysText() {
		String quotes = this.renderer.render(">".repeat(5000) + " deep", PostFormat.MARKDOWN);
		assertThat(depth(quotes)).isBetween(MarkdownRenderer.MAX_NESTING, MarkdownRenderer.MAX_NESTING + 2);
		assertThat(quotes).contains("deep");
		String lists = this.renderer.render("- ".repeat(5000) + "item", PostFormat.MARKDOWN);
		assertThat(depth(lists)).isLessThanOrEqualTo(2 * MarkdownRenderer.MAX_NESTING + 2);
		String emphasis = this.renderer.render("*_".repeat(2000) + "word" + "_*".repeat(2000), PostFormat.MARKDOWN);
		assertThat(depth(emphasis)).isLessThanOrEqualTo(MarkdownRenderer.MAX_NESTING + 2);
		assertThat(emphasis).contains("word");
	}

	/** How deep the deepest element of the fragment is. */
	private static int depth(String html) {
		return org.jsoup.Jsoup.parseBodyFragment(html)
			.body()
			.getAllElements()
			.stream()
			.mapToInt(e -> e.parents().size() - 1)
			.max()
			.orElse(0);
	}

}
