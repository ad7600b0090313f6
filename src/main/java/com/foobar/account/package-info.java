/** Accounts: sign-up, sign-in (with throttling), sign-out, and the security rules of the site. */
package com.foobar.account;
