package com.foobar.system;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

import static org.assertj.core.api.Assertions.assertThat;

/** However many redirects a session makes without following them, it keeps a few notices, the newest. */
class BoundedFlashMapsTests {

	@Test
	@SuppressWarnings("unchecked")
	void aFloodOfRedirectsKeepsOnlyTheNewestNotices() throws java.io.IOException {
		BoundedFlashMaps manager = new BoundedFlashMaps();
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/posts/1/edit");
		for (int i = 0; i < 1000; i++) {
			FlashMap notice = new FlashMap();
			notice.put("notice", "saved " + i);
			notice.setTargetRequestPath("/posts/" + i);
			manager.saveOutputFlashMap(notice, request, new MockHttpServletResponse());
		}
		List<FlashMap> kept = (List<FlashMap>) request.getSession()
			.getAttribute(SessionFlashMapManager.class.getName() + ".FLASH_MAPS");
		assertThat(kept).hasSize(BoundedFlashMaps.KEPT);
		assertThat(kept.getLast().get("notice")).isEqualTo("saved 999");
		// The session store serializes it (a subList view could not be: every request of the session failed).
		assertThat(kept).isInstanceOf(java.io.Serializable.class);
		new java.io.ObjectOutputStream(java.io.OutputStream.nullOutputStream()).writeObject(kept);
	}

}
