package com.foobar.post;

/** How a post's body is written: plain text, or Markdown rendered server-side and sanitised. */
enum PostFormat {
	PLAIN, MARKDOWN
}
