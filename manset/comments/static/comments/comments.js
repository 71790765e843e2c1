// Comments on a cached article page: a fresh form stamp when the reader starts
// writing, posting in place (the button off while it is sent), replies, reports, the
// reader's own pending comments, their name and address remembered in this browser
// (localStorage, never a cookie: the page stays the same for everyone) and comment
// counts on article cards. Without this script every form still works.
(function () {
  "use strict";
  var section = document.getElementById("yorumlar");
  var form = document.getElementById("yorum-formu");
  var json = { Accept: "application/json" };

  function post(url, body) {
    return fetch(url, { method: "POST", body: body, headers: json, credentials: "same-origin" })
      .then(function (r) { return r.json().catch(function () { return { ok: false }; }); });
  }
  function fragment(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    return t.content;
  }
  function status(text) {
    var box = form && form.querySelector(".form-status");
    if (box) box.textContent = text || "";
  }

  // The reader's name, address and website, kept only after a post they asked it for.
  var KEPT = "manset.yorumcu", KEPT_FIELDS = ["name", "email", "website"];
  function kept() {
    try { return JSON.parse(window.localStorage.getItem(KEPT)) || null; } catch (e) { return null; }
  }
  function keep(values) {
    try {
      if (values) window.localStorage.setItem(KEPT, JSON.stringify(values));
      else window.localStorage.removeItem(KEPT);
    } catch (e) { /* storage off (private window): nothing is remembered */ }
  }

  if (form) {
    var home = form.parentNode, next = form.nextSibling;
    var article = section.getAttribute("data-article");
    var stamped = false, sending = false;
    var button = form.querySelector('button[type="submit"]');
    var remember = form.elements["yorum-hatirla"];
    if (remember) {
      remember.closest(".check").hidden = false;
      var values = kept();
      if (values) {
        KEPT_FIELDS.forEach(function (name) {
          var field = form.elements[name];
          if (field && !field.value && typeof values[name] === "string") field.value = values[name];
        });
        remember.checked = true;
      }
      remember.addEventListener("change", function () { if (!remember.checked) keep(null); });
    }
    form.addEventListener("focusin", function () {
      if (stamped) return;
      stamped = true;
      fetch("/yorum/" + article + "/form/", { headers: json, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (d) { form.elements.stamp.value = d.stamp; })
        .catch(function () { stamped = false; });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending) return;  // a double tap: the first one is on its way
      sending = true;
      button.disabled = true;
      form.querySelectorAll(".error").forEach(function (e) { e.textContent = ""; });
      status("Gönderiliyor…");
      post(form.action, new FormData(form)).then(function (d) {
        if (d.ok) {
          if (remember) {
            keep(remember.checked ? KEPT_FIELDS.reduce(function (values, name) {
              values[name] = form.elements[name].value;
              return values;
            }, {}) : null);
          }
          var list = section.querySelector(".comment-list");
          var empty = list.querySelector(".no-comments");
          if (empty) empty.remove();
          var parent = form.elements.parent.value;
          var target = parent && document.getElementById("yorum-" + parent);
          var node = fragment(d.html);
          if (target) target.after(node); else list.appendChild(node);
          form.elements.text.value = "";
          status(d.message);
          cancelReply();
        } else if (d.errors) {
          status("Lütfen işaretli alanları düzeltin.");
          Object.keys(d.errors).forEach(function (name) {
            var out = document.getElementById("yorum-" + name + "-hata");
            if (out) out.textContent = d.errors[name].join(" ");
            else status(d.errors[name].join(" "));
          });
        } else status(d.message || "Yorum gönderilemedi; lütfen tekrar deneyin.");
      }).catch(function () {
        status("Bağlantı kurulamadı; yorumunuz formda duruyor.");
      }).then(function () {
        sending = false;
        button.disabled = false;
      });
    });

    var cancelReply = function () {
      form.elements.parent.value = "";
      form.querySelector(".reply-to").hidden = true;
      home.insertBefore(form, next);
    };
    form.querySelector(".cancel-reply").addEventListener("click", function (e) {
      e.preventDefault();
      cancelReply();
    });
    section.addEventListener("click", function (e) {
      var link = e.target.closest(".reply-link");
      if (!link) return;
      e.preventDefault();
      form.elements.parent.value = link.getAttribute("data-reply");
      var to = form.querySelector(".reply-to");
      to.querySelector(".reply-name").textContent = link.getAttribute("data-name") + " adlı okura yanıt";
      to.hidden = false;
      link.closest(".comment").after(form);
      form.elements.text.focus();
    });
  }

  if (section) {
    section.addEventListener("submit", function (e) {
      var f = e.target;
      if (!f.classList.contains("report-form")) return;
      e.preventDefault();
      post(f.action, new FormData(f)).then(function (d) {
        var b = section.querySelector('button[form="' + f.id + '"]');
        if (b) b.replaceWith(document.createTextNode(d.message || "Şikayet gönderilemedi."));
      });
    });
    section.addEventListener("click", function (e) {
      var own = e.target.closest(".own-edit, .own-delete");
      if (!own) return;
      var item = own.closest(".comment"), id = item.getAttribute("data-id");
      if (own.classList.contains("own-delete")) {
        if (!window.confirm("Yorumunuz silinsin mi?")) return;
        post("/yorum/sil/" + id + "/", new FormData()).then(function (d) {
          if (d.ok) item.replaceWith(document.createTextNode(d.message)); else window.alert(d.message);
        });
        return;
      }
      var box = item.querySelector(".comment-text");
      var area = document.createElement("textarea");
      area.value = box.innerText;
      area.maxLength = 5000;
      area.rows = 4;
      area.setAttribute("aria-label", "Yorumunuzu düzenleyin");
      var save = document.createElement("button");
      save.type = "button";
      save.textContent = "Kaydet";
      box.replaceWith(area);
      own.closest(".own-actions").replaceWith(save);
      area.focus();
      save.addEventListener("click", function () {
        var body = new FormData();
        body.append("text", area.value);
        post("/yorum/duzenle/" + id + "/", body).then(function (d) {
          if (d.ok) item.replaceWith(fragment(d.html));
          else window.alert(d.message || (d.errors && d.errors.text.join(" ")) || "Kaydedilemedi.");
        });
      });
    });
    section.addEventListener("click", function (e) {
      var more = e.target.closest(".more-comments");
      if (!more) return;
      e.preventDefault();
      fetch(more.href + (more.href.indexOf("?") === -1 ? "?" : "&") + "parca=1").then(function (r) { return r.text(); }).then(function (html) {
        var holder = more.parentNode;
        section.querySelector(".comment-list").appendChild(fragment(html));
        holder.remove();
      });
    });
    if (document.cookie.indexOf("yorumcu=1") !== -1) {
      fetch("/yorum/" + section.getAttribute("data-article") + "/benim/", { headers: json, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (d) {
          d.comments.forEach(function (c) {
            var shown = document.getElementById("yorum-" + c.id);
            if (shown) { if (c.editable) shown.replaceWith(fragment(c.html)); return; }
            if (c.status !== "pending") return;
            var target = c.parent && document.getElementById("yorum-" + c.parent);
            var node = fragment(c.html);
            var empty = section.querySelector(".no-comments");
            if (empty) empty.remove();  // "İlk yorumu siz yazın" above their own comment
            if (target) target.after(node); else section.querySelector(".comment-list").appendChild(node);
          });
        }).catch(function () {});
    }
  }

  var cards = document.querySelectorAll("[data-yorum-sayisi]");
  if (cards.length) {
    var ids = Array.prototype.map.call(cards, function (c) { return c.getAttribute("data-yorum-sayisi"); });
    fetch("/yorum/sayilar/?haber=" + ids.join(",")).then(function (r) { return r.json(); }).then(function (counts) {
      cards.forEach(function (c) {
        var n = counts[c.getAttribute("data-yorum-sayisi")];
        if (n) { c.textContent = n + " yorum"; c.hidden = false; }
      });
    }).catch(function () {});
  }
})();
