package com.foobar.post;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Posts as the write path loads them; pages read through {@link PostQueries}. */
interface PostRepository extends JpaRepository<Post, Long> {

	@Query("select p from Post p join fetch p.author where p.id = :id")
	Optional<Post> findWithAuthor(long id);

	/** When the author's posts were published, the newest first: a page of it (the index on author_id, id). */
	@Query("select p.createdAt from Post p where p.author.id = :author order by p.id desc")
	List<Instant> publishedNewestFirst(long author, Pageable page);

}
