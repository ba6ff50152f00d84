// Starts GOV.UK Frontend's components (error summary focus, character counts...).
// Every page works without it: this only adds to what the HTML already does.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
