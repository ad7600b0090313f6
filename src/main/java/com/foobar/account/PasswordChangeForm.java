package com.foobar.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The password change form: the current password proves it is the owner, not a session left open. */
record PasswordChangeForm(
		@NotBlank(message = "{account.password.current.required}") String currentPassword,
		@NotBlank(message = "{signup.password.required}")
		@Size(min = 12, max = 128, message = "{signup.password.length}") String password,
		String confirmPassword) {

	static PasswordChangeForm empty() {
		return new PasswordChangeForm("", "", "");
	}

}
