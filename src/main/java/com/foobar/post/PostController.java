package com.foobar.post;

import java.security.Principal;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import com.foobar.account.SecurityEvents;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;
import org.springframework.web.util.UriComponentsBuilder;

@Controller
class PostController {

	static final String LIST = "posts/list";

	static final String SHOW = "posts/show";

	static final String FORM = "posts/form";

	private final PostService posts;

	PostController(PostService posts) {
		this.posts = posts;
	}

	@InitBinder
	void allowedFields(WebDataBinder binder) {
		binder.setAllowedFields("title", "body", "format");
	}

	@ModelAttribute("formats")
	PostFormat[] formats() {
		return PostFormat.values();
	}

	/** Newest first, {@code ?before=ID} for older posts and {@code ?after=ID} for newer. */
	@GetMapping("/")
	String home(@RequestParam(required = false) Long before, @RequestParam(required = false) Long after,
			Model model) {
		model.addAttribute("posts", this.posts.latest(new Window(before, after)));
		return LIST;
	}

	@GetMapping("/authors/{handle}")
	String author(@PathVariable String handle, @RequestParam(required = false) Long before,
			@RequestParam(required = false) Long after, Model model) {
		model.addAttribute("posts", this.posts.byAuthor(handle, new Window(before, after)));
		return LIST;
	}

	/** Links of the old numbered pager, moved for good (so bookmarks and search engines learn the new ones). */
	@GetMapping(path = "/", params = "page")
	RedirectView legacyHome(@RequestParam int page) {
		return movedTo("/", this.posts.legacyPage(null, page));
	}

	@GetMapping(path = "/authors/{handle}", params = "page")
	RedirectView legacyAuthor(@PathVariable String handle, @RequestParam int page) {
		return movedTo("/authors/" + handle, this.posts.legacyPage(handle, page));
	}

	private static RedirectView movedTo(String path, Optional<Window> window) {
		UriComponentsBuilder location = UriComponentsBuilder.fromPath(path);
		Long before = window.orElseThrow(PostNotFoundException::new).before();
		if (before != null) {
			location.queryParam("before", before);
		}
		RedirectView view = new RedirectView(location.build().encode().toUriString(), true);
		view.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
		return view;
	}

	@GetMapping("/posts/{id}")
	String show(@PathVariable long id, Principal principal, Model model) {
		PostView post = this.posts.show(id);
		model.addAttribute("post", post);
		model.addAttribute("mine", principal != null && principal.getName().equals(post.author()));
		return SHOW;
	}

	@GetMapping("/posts/new")
	String newForm(Model model) {
		model.addAttribute("form", PostForm.empty());
		return FORM;
	}

	@PostMapping("/posts/new")
	String create(@Valid @ModelAttribute("form") PostForm form, BindingResult result, Principal principal,
			RedirectAttributes redirect, HttpServletRequest request, HttpServletResponse response) {
		if (result.hasErrors()) {
			return FORM;
		}
		long id;
		try {
			id = this.posts.create(principal.getName(), form);
		}
		catch (PostLimitReached ex) {
			// The form comes back with its text, saying when to try again: 429, as the edge's own limits answer.
			long seconds = Math.max(1, ex.retryAfter().toSeconds());
			result.reject("post.limit",
					new Object[] { ex.limit().perAuthor(), ex.limit().window().toMinutes(), (seconds + 59) / 60 }, null);
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader("Retry-After", String.valueOf(seconds));
			SecurityEvents.limitReached(request, principal.getName(), "post");
			return FORM;
		}
		redirect.addFlashAttribute("notice", "post.published");
		return "redirect:/posts/" + id;
	}

	@GetMapping("/posts/{id}/edit")
	String editForm(@PathVariable long id, Principal principal, Model model) {
		model.addAttribute("form", this.posts.editForm(id, principal.getName()));
		model.addAttribute("postId", id);
		return FORM;
	}

	@PostMapping("/posts/{id}/edit")
	String update(@PathVariable long id, @Valid @ModelAttribute("form") PostForm form, BindingResult result,
			Principal principal, Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			model.addAttribute("postId", id);
			return FORM;
		}
		this.posts.update(id, principal.getName(), form);
		redirect.addFlashAttribute("notice", "post.updated");
		return "redirect:/posts/" + id;
	}

	@PostMapping("/posts/{id}/delete")
	String delete(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
		this.posts.delete(id, principal.getName());
		redirect.addFlashAttribute("notice", "post.deleted");
		return "redirect:/";
	}

}
