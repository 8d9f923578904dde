fn main() {
    // Panics reach the browser console with their message, not as
    // "unreachable executed".
    console_error_panic_hook::set_once();
    byzscope::mount();
}
