package com.foobar.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The sign-up form. Password rules follow NIST SP 800-63B: length over composition (12 to 128 characters),
 * plus checks in {@link SignupService} against the handle, the e-mail and a list of common passwords.
 */
record SignupForm(
		@NotBlank(message = "{signup.handle.required}")
		@Pattern(regexp = "[a-zA-Z0-9_]{3,30}", message = "{signup.handle.pattern}") String handle,
		@NotBlank(message = "{signup.email.required}") @Email(message = "{signup.email.invalid}")
		@Size(max = 254, message = "{signup.email.invalid}") String email,
		@NotBlank(message = "{signup.password.required}")
		@Size(min = 12, max = 128, message = "{signup.password.length}") String password,
		String confirmPassword) {

	static SignupForm empty() {
		return new SignupForm("", "", "", "");
	}

}
