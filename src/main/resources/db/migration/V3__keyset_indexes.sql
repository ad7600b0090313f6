-- Lists are ordered by id (the order of publication: ids and creation times rise together), read with keysets
-- (`id < ?` / `id > ?` and LIMIT) on the primary key for the home page and on (author_id, id) for an author's
-- page, so every page reads the rows it shows and no more. The created_at indexes served an ORDER BY that
-- sorted the whole table; they only cost writes now.
ALTER TABLE post
    ADD KEY ix_post_author (author_id, id),
    DROP KEY ix_post_author_created,
    DROP KEY ix_post_created;
