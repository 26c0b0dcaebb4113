// Hardware readings: the live bridge's history if one runs ($BRIDGE_URL), else a few local samples.
import {hardwareSnapshot} from "../../loaders/hardware/snapshot.ts";

const {bytes} = await hardwareSnapshot();
process.stdout.write(bytes);
