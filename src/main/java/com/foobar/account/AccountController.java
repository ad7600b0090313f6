package com.foobar.account;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The owner's account page: a password change, and the account's signed-in sessions, each of which can be ended.
 * A changed password ends every other session and gives this one a new id.
 */
@Controller
class AccountController {

	static final String VIEW = "account/settings";

	private final PasswordChange passwords;

	private final AccountSessions sessions;

	AccountController(PasswordChange passwords, AccountSessions sessions) {
		this.passwords = passwords;
		this.sessions = sessions;
	}

	@GetMapping("/account")
	String page(Model model, Principal viewer, HttpServletRequest request) {
		model.addAttribute("form", PasswordChangeForm.empty());
		return page(model, viewer, request.getRequestedSessionId());
	}

	@PostMapping("/account/password")
	String changePassword(@Valid @ModelAttribute("form") PasswordChangeForm form, BindingResult result, Model model,
			Principal viewer, HttpServletRequest request, RedirectAttributes redirect) {
		if (!this.passwords.change(viewer.getName(), form, result, request.getRemoteAddr())) {
			SecurityEvents.passwordChangeRefused(request, viewer.getName());
			return page(model, viewer, request.getSession().getId());
		}
		String id = request.changeSessionId();
		int ended = this.sessions.revokeOthers(viewer.getName(), id);
		SecurityEvents.passwordChanged(request, viewer.getName(), ended);
		redirect.addFlashAttribute("notice", "account.password.changed");
		return "redirect:/account";
	}

	@PostMapping("/account/sessions/revoke")
	String revoke(@RequestParam String ref, Principal viewer, HttpServletRequest request, RedirectAttributes redirect) {
		if (this.sessions.revoke(viewer.getName(), ref)) {
			SecurityEvents.sessionsEnded(request, viewer.getName(), 1);
		}
		redirect.addFlashAttribute("notice", "account.sessions.ended");
		return "redirect:/account";
	}

	@PostMapping("/account/sessions/revoke-others")
	String revokeOthers(Principal viewer, HttpServletRequest request, RedirectAttributes redirect) {
		int ended = this.sessions.revokeOthers(viewer.getName(), request.getSession().getId());
		SecurityEvents.sessionsEnded(request, viewer.getName(), ended);
		redirect.addFlashAttribute("notice", "account.sessions.ended");
		return "redirect:/account";
	}

	private String page(Model model, Principal viewer, String currentId) {
		model.addAttribute("sessions", this.sessions.of(viewer.getName(), currentId));
		return VIEW;
	}

}
