-- The posts of `bin/foobar seed`: the SELECT of an INSERT INTO TABLE (author_id, title, body, format, created_at,
-- updated_at), which bin/lib/seed.sh (seed_posts) writes before it, with the FROM seq_LO_to_HI s it runs over
-- after it and @posts, @step, @first and @others set. Post n: every @step-th one by the first seeded account
-- (200,000 of a million), the rest spread over the other accounts with a skew (a few write a lot, most a little);
-- bodies of 1-4 KB, Markdown and plain text alternately; dates 97 s apart, the newest now, in the order of their
-- ids.
SELECT IF(s.seq MOD @step = 0, @first, @first + 1 + FLOOR((@others - 1) * POW(((s.seq * 7919) MOD 10007) / 10007, 3))),
  CONCAT(ELT(1 + s.seq MOD 6, 'Notes on', 'Thinking about', 'A week of', 'Why I like', 'Lessons from', 'Field report:'),
    ' ', ELT(1 + (s.seq DIV 6) MOD 8, 'databases', 'caching', 'nginx', 'the JVM', 'replication', 'gardening', 'bread',
    'trains'), ' #', s.seq),
  IF(s.seq MOD 2 = 0,
    CONCAT('## Part ', s.seq MOD 13, '\n\n',
      REPEAT(CONCAT('Some *Markdown* about item ', s.seq, ', with a [link](https://example.com/', s.seq MOD 1000,
        ') and `code`. '), 8 + s.seq MOD 8),
      '\n\n- one point\n- another point\n\n', REPEAT('More words for the patient reader. ', 20 + s.seq MOD 60)),
    CONCAT(REPEAT(CONCAT('A plain paragraph, number ', s.seq, ', of the seeded data set.\n'), 6 + s.seq MOD 10), '\n',
      REPEAT('Plain words, line after line, for whoever reads this far. ', 15 + s.seq MOD 50))),
  IF(s.seq MOD 2 = 0, 'MARKDOWN', 'PLAIN'),
  UTC_TIMESTAMP(6) - INTERVAL (@posts - s.seq) * 97 SECOND,
  UTC_TIMESTAMP(6) - INTERVAL (@posts - s.seq) * 97 SECOND
