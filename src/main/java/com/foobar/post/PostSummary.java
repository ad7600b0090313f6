package com.foobar.post;

import java.time.Instant;

/** A line of a post list; read with a projection so lists never load bodies. */
record PostSummary(long id, String title, String author, Instant createdAt) {
}
