package com.foobar.post;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A post or author that does not exist: the 404 page. */
@ResponseStatus(HttpStatus.NOT_FOUND)
class PostNotFoundException extends RuntimeException {

	PostNotFoundException() {
		super("Not found");
	}

}
