package com.foobar.post;

import java.util.List;

import org.springframework.web.util.HtmlUtils;

/**
 * The items of a post list, written in Java rather than by the template: eight template expressions per item
 * (160 a page) were the largest share of a list page's CPU. Every value is HTML-escaped; links are built from
 * ids (numbers) and handles (letters, digits, underscores), which need no URL encoding. The markup is the
 * template's own: {@code posts/list.html} places it and keeps the rest of the page.
 */
final class PostItemsHtml {

	private PostItemsHtml() {
	}

	/** {@code by}: the localised word before the author's name. */
	static String render(List<PostSummary> items, String by) {
		StringBuilder html = new StringBuilder(items.size() * 320);
		String byText = HtmlUtils.htmlEscape(by);
		for (PostSummary item : items) {
			html.append("<li class=\"post-summary\">\n  <a class=\"title\" href=\"")
				.append(item.url())
				.append("\">")
				.append(HtmlUtils.htmlEscape(item.title()))
				.append("</a>\n  <span class=\"meta\"><span>")
				.append(byText)
				.append("</span>\n    <a href=\"")
				.append(HtmlUtils.htmlEscape(item.authorUrl()))
				.append("\">")
				.append(HtmlUtils.htmlEscape(item.author()))
				.append("</a> ·\n    <time datetime=\"")
				.append(item.createdAt())
				.append("\">")
				.append(item.published())
				.append("</time>\n  </span>\n</li>\n");
		}
		return html.toString();
	}

}
