package com.foobar.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** /reset: a forgotten password replaced with the operator's one-time code; every session of the account ends. */
@Controller
class PasswordResetController {

	static final String VIEW = "account/reset";

	private final PasswordReset resets;

	private final AccountSessions sessions;

	PasswordResetController(PasswordReset resets, AccountSessions sessions) {
		this.resets = resets;
		this.sessions = sessions;
	}

	@GetMapping("/reset")
	String form(Model model) {
		model.addAttribute("form", PasswordResetForm.empty());
		return VIEW;
	}

	@PostMapping("/reset")
	String reset(@Valid @ModelAttribute("form") PasswordResetForm form, BindingResult result, RedirectAttributes redirect,
			HttpServletRequest request) {
		var handle = this.resets.reset(form, result);
		if (handle.isEmpty()) {
			SecurityEvents.passwordResetRefused(request);
			return VIEW;
		}
		// Whoever held a session of the account (the reason for a reset, perhaps) holds it no longer.
		int ended = this.sessions.revokeOthers(handle.get(), null);
		SecurityEvents.passwordReset(request, handle.get(), ended);
		redirect.addFlashAttribute("notice", "reset.done");
		redirect.addAttribute("handle", handle.get());
		return "redirect:/login";
	}

}
