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

}
