// Preloaded into every Framework process by scripts/framework.ts (node --import): no request leaves the machine.
import {installNoNetwork} from "./noNetwork.ts";

installNoNetwork();
