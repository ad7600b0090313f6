package com.foobar.post;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Posts as the write path loads them; pages read through {@link PostQueries}. */
interface PostRepository extends JpaRepository<Post, Long> {

	@Query("select p from Post p join fetch p.author where p.id = :id")
	Optional<Post> findWithAuthor(long id);

}
