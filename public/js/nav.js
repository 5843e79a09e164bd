// The main navigation's menus (<details class="nav-menu">) open and close by themselves; this
// only makes them behave like menus: one open at a time, closed by a click elsewhere or Escape
// (which gives the focus back to the menu's title).
document.addEventListener('DOMContentLoaded', () => {
  const menus = [...document.querySelectorAll('details.nav-menu')];
  const closeAll = (except) => {
    for (const menu of menus) if (menu !== except) menu.open = false;
  };
  for (const menu of menus) {
    menu.addEventListener('toggle', () => {
      if (menu.open) closeAll(menu);
    });
  }
  document.addEventListener('click', (event) => {
    if (!menus.some((menu) => menu.contains(event.target))) closeAll(null);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const open = menus.find((menu) => menu.open);
    if (!open) return;
    open.open = false;
    open.querySelector('summary')?.focus();
  });
});
