package com.foobar.post;

import java.util.List;

/**
 * One page of a list, newest first, with the keys of its neighbours: {@code older} for {@code ?before=},
 * {@code newer} for {@code ?after=} (null when there is no such page). {@code author} is the author's handle
 * as stored, or null for the home page.
 */
record PostList(String author, List<PostSummary> items, Long newer, Long older) {

	public boolean isEmpty() {
		return this.items.isEmpty();
	}

	/** The items as HTML (see {@link PostItemsHtml}). */
	public String itemsHtml(String by) {
		return PostItemsHtml.render(this.items, by);
	}

}
