/** Business profiles: numbers, hours, templates and policies, looked up by dialled number. */
package dev.textback.business;
