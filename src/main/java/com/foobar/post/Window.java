package com.foobar.post;

/**
 * Which page of a list a request asks for: the posts just older than {@code before}, or just newer than
 * {@code after}, or (neither) the newest. Keys are post ids, so a page costs the same however deep it is.
 */
record Window(Long before, Long after) {

	static final Window NEWEST = new Window(null, null);

	boolean newest() {
		return this.before == null && this.after == null;
	}

}
