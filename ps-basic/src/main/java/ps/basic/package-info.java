/**
 * The toolkit for apps and scripts, by concern: {@code config}, {@code log}, {@code lock}, {@code template},
 * {@code shell}, {@code mail}, {@code fsm}. The entry point lives here.
 */
package ps.basic;
