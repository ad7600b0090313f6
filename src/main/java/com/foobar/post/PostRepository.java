package com.foobar.post;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PostRepository extends JpaRepository<Post, Long> {

	@Query(value = """
			select new com.foobar.post.PostSummary(p.id, p.title, a.handle, p.createdAt)
			from Post p join p.author a order by p.createdAt desc, p.id desc""",
			countQuery = "select count(p) from Post p")
	Page<PostSummary> findLatest(Pageable pageable);

	@Query(value = """
			select new com.foobar.post.PostSummary(p.id, p.title, a.handle, p.createdAt)
			from Post p join p.author a where a.handle = :handle order by p.createdAt desc, p.id desc""",
			countQuery = "select count(p) from Post p where p.author.handle = :handle")
	Page<PostSummary> findByAuthor(String handle, Pageable pageable);

	@Query("select p from Post p join fetch p.author where p.id = :id")
	Optional<Post> findWithAuthor(long id);

}
