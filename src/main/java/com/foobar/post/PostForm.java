package com.foobar.post;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What a writer submits; bound instead of the entity so no request can set an id, author or date. */
record PostForm(
		@NotBlank(message = "{post.title.required}") @Size(max = 200, message = "{post.title.length}") String title,
		@NotBlank(message = "{post.body.required}") @Size(max = 20000, message = "{post.body.length}") String body,
		@NotNull(message = "{post.format.required}") PostFormat format) {

	static PostForm empty() {
		return new PostForm("", "", PostFormat.MARKDOWN);
	}

}
