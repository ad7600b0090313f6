/** Posts: the home page, a page per post and per author, writing, editing and deleting one's own posts. */
package com.foobar.post;
