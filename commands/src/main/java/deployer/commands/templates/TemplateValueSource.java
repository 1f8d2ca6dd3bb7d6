package deployer.commands.templates;

import deployer.core.model.Secret;
import deployer.core.spi.CommandContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a template's values come from at the moment it renders (in {@code execute}, never in {@code initialize}):
 * the seam for values that must not be known earlier, such as {@code ${secret:NAME}} references, which stay
 * references in the task (and so in a saved plan) and are resolved only when the command runs.
 * {@code initialize} checks only that every name the template uses is given a value, reference or not.
 */
public interface TemplateValueSource {

    /**
     * The value to render for one leaf value as the task gives it.
     *
     * @param name the value's name, dotted for values inside maps ({@code db.password})
     */
    Object resolve(String name, Object given, CommandContext context) throws Exception;

    /** The values as given; a {@link Secret} argument is revealed (only the rendered file gets it). */
    TemplateValueSource AS_GIVEN = (name, given, context) -> given instanceof Secret s ? s.reveal() : given;

    /** Every leaf of {@code values} through this source; maps and lists keep their shape. */
    default Map<String, Object> resolveAll(Map<String, Object> values, CommandContext context) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.put(e.getKey(), resolveValue(e.getKey(), e.getValue(), context));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object resolveValue(String name, Object v, CommandContext context) throws Exception {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                out.put(e.getKey(), resolveValue(name + "." + e.getKey(), e.getValue(), context));
            }
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(resolveValue(name, item, context));
            }
            return out;
        }
        return resolve(name, v, context);
    }
}
