package com.foobar.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A forgotten password's reset: the handle, the one-time code the operator gave its owner, the new password twice. */
record PasswordResetForm(
		@NotBlank(message = "{reset.handle.required}") @Size(max = 30, message = "{reset.code.invalid}") String handle,
		@NotBlank(message = "{reset.code.required}") @Size(max = 64, message = "{reset.code.invalid}") String code,
		@NotBlank(message = "{signup.password.required}")
		@Size(min = 12, max = 128, message = "{signup.password.length}") String password,
		String confirmPassword) {

	static PasswordResetForm empty() {
		return new PasswordResetForm("", "", "", "");
	}

}
