// Every page: the search box's type-ahead over /search, as an ARIA combobox (arrows, Enter, Escape).
const DELAY_MS = 120;

for (const input of document.querySelectorAll("input[data-typeahead]")) {
  typeahead(input, document.getElementById(input.getAttribute("aria-controls")));
}

function typeahead(input, list) {
  let timer = 0;
  let asked = 0;
  let active = -1;

  const options = () => [...list.querySelectorAll("[role=option]")];
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    const all = options();
    all.forEach((option, n) => option.setAttribute("aria-selected", String(n === index)));
    active = index;
    if (all[index]) input.setAttribute("aria-activedescendant", all[index].id);
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) return close();
    timer = setTimeout(async () => {
      const mine = ++asked;
      const response = await fetch(`/search?${new URLSearchParams({ q: text, limit: "8" })}`);
      if (mine !== asked || !response.ok) return;
      show((await response.json()).results);
    }, DELAY_MS);
  });

  function show(results) {
    list.replaceChildren(
      ...results.map((hit, n) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${n}`;
        option.setAttribute("role", "option");
        option.dataset.href = `/entities/${encodeURIComponent(hit.id)}`;
        const name = document.createElement("span");
        name.textContent = hit.label ?? hit.id;
        const other = Object.entries(hit.labels).filter(([language]) => language !== "en").flatMap(([, names]) => names);
        const detail = document.createElement("span");
        detail.className = "muted";
        detail.textContent = [other.join(", "), hit.types.map((t) => t.label).join(", ")].filter(Boolean).join(" · ");
        option.append(name, " ", detail);
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          location.href = option.dataset.href;
        });
        return option;
      }),
    );
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", String(results.length > 0));
    highlight(results.length ? 0 : -1);
  }

  input.addEventListener("keydown", (event) => {
    const all = options();
    if (list.hidden || !all.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight((active + (event.key === "ArrowDown" ? 1 : all.length - 1)) % all.length);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      location.href = all[active].dataset.href;
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

// The path finder's time window: each slider shows its year, and the window's ends are sent
// only when moved off the span of the graph's dated facts (else every fact passes).
for (const window_ of document.querySelectorAll("[data-window]")) {
  const form = window_.closest("form");
  for (const slider of window_.querySelectorAll("input[type=range]")) {
    const shown = window_.querySelector(`[data-shows=${slider.name}]`);
    slider.addEventListener("input", () => {
      shown.textContent = slider.value;
    });
  }
  form.addEventListener("submit", () => {
    const since = window_.querySelector("[name=since]");
    const until = window_.querySelector("[name=until]");
    if (since.value === window_.dataset.first) since.disabled = true;
    if (until.value === window_.dataset.last) until.disabled = true;
  });
}
