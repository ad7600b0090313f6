package com.foobar.account;

import java.security.Principal;
import java.util.List;

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
 * The owner's account page: a password change, and the account's signed-in sessions, each of which can be ended;
 * both need the password again. A changed password ends every other session and gives this one a new id.
 */
@Controller
class AccountController {

	static final String VIEW = "account/settings";

	private final PasswordChange passwords;

	private final AccountSessions sessions;

	private final Reauthentication reauthentication;

	AccountController(PasswordChange passwords, AccountSessions sessions, Reauthentication reauthentication) {
		this.passwords = passwords;
		this.sessions = sessions;
		this.reauthentication = reauthentication;
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
		// The others first: the store knows this session by its old id until the request ends.
		int ended = this.sessions.revokeOthers(viewer.getName(), request.getSession().getId());
		request.changeSessionId();
		SecurityEvents.passwordChanged(request, viewer.getName(), ended);
		redirect.addFlashAttribute("notice", "account.password.changed");
		return "redirect:/account";
	}

	/**
	 * Ends the sessions chosen by their references, or every other one, once the password is given again
	 * (ASVS 7.5.2).
	 */
	@PostMapping("/account/sessions/end")
	String endSessions(@RequestParam(name = "ref", defaultValue = "") List<String> refs,
			@RequestParam(defaultValue = "false") boolean everywhereElse,
			@RequestParam(defaultValue = "") String currentPassword, Model model, Principal viewer,
			HttpServletRequest request, RedirectAttributes redirect) {
		Reauthentication.Outcome proof = this.reauthentication.check(viewer.getName(), currentPassword,
				request.getRemoteAddr());
		if (proof != Reauthentication.Outcome.CONFIRMED) {
			model.addAttribute("form", PasswordChangeForm.empty());
			model.addAttribute("sessionsError", (proof == Reauthentication.Outcome.THROTTLED) ? "login.throttled"
					: "account.password.current.wrong");
			return page(model, viewer, request.getSession().getId());
		}
		String handle = viewer.getName();
		int ended = everywhereElse ? this.sessions.revokeOthers(handle, request.getSession().getId())
				: (int) refs.stream().filter(ref -> this.sessions.revoke(handle, ref)).count();
		SecurityEvents.sessionsEnded(request, handle, ended);
		redirect.addFlashAttribute("notice", "account.sessions.ended");
		return "redirect:/account";
	}

	private String page(Model model, Principal viewer, String currentId) {
		model.addAttribute("sessions", this.sessions.of(viewer.getName(), currentId));
		return VIEW;
	}

}
